<?php
/**
 * Runs WordPress's own code on comments read as a JSON array from stdin:
 * the comment slashed and filtered as a guest's comment is (wp_filter_kses,
 * wp_rel_ugc), then make_clickable, then check_comment's count of `<a … href`. Prints
 * [{ count, html }, …]. WP_DIR points at a WordPress tree (for instance
 * Debian's `wordpress` package, /usr/share/wordpress). Only the few
 * functions kses.php and formatting.php call from elsewhere are stood in
 * for here; WordPress's code itself is loaded as it is.
 */
$dir = rtrim(getenv('WP_DIR') ?: '/usr/share/wordpress', '/') . '/';
define('ABSPATH', $dir);
define('WPINC', 'wp-includes');
function apply_filters($tag, $value, ...$args) { return $tag === 'pre_kses' ? wp_pre_kses_less_than($value) : $value; }
function do_action(...$args) {}
function current_filter() { return $GLOBALS['wp_current_filter'] ?? 'comment_text'; }
function get_option($name, $default = false) { return $name === 'blog_charset' ? 'UTF-8' : $default; }
function wp_load_alloptions() { return array('blog_charset' => 'UTF-8'); }
function _x($text, $context = '') { return $text; }
function __($text, $domain = '') { return $text; }
function wp_parse_url($url, $component = -1) { return parse_url($url, $component); }
function is_utf8_charset($charset = null) { return true; }
function _wp_can_use_pcre_u($set = null) { return true; }
function mbstring_binary_safe_encoding($reset = false) {}
function reset_mbstring_encoding() {}
function home_url($path = '') { return 'https://wordpress.example'; }
function wp_allowed_protocols() {
  return array('http', 'https', 'ftp', 'ftps', 'mailto', 'news', 'irc', 'irc6', 'ircs', 'gopher', 'nntp', 'feed', 'telnet', 'mms', 'rtsp', 'sms', 'svn', 'tel', 'fax', 'xmpp', 'webcal', 'urn');
}
require ABSPATH . WPINC . '/kses.php';
require ABSPATH . WPINC . '/formatting.php';
$out = array();
foreach (json_decode(file_get_contents('php://stdin'), true) as $text) {
  // As wp_handle_comment_submission → wp_new_comment(wp_slash(…)) → wp_filter_comment
  // (wp_filter_kses, wp_rel_ugc) → check_comment, which gets the slashed content.
  $GLOBALS['wp_current_filter'] = 'pre_comment_content';
  $content = wp_rel_ugc(wp_filter_kses(wp_slash($text)));
  $GLOBALS['wp_current_filter'] = 'comment_text';
  $html = make_clickable($content);
  $out[] = array('count' => preg_match_all('/<a [^>]*href/i', $html), 'html' => $html);
}
echo json_encode($out);
