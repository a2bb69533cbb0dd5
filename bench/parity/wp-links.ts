/**
 * Differential check of Majlis's link count against WordPress's own code
 * (bench/parity/wp-links.php): random comments built from link-shaped pieces
 * (schemes, www., emails, tags, comments, entities, Arabic punctuation, long
 * words) go through both, and every difference is printed. Not part of
 * `npm test`: it needs PHP and a WordPress tree.
 *
 *   apt-get install -y php-cli && apt-get download wordpress && dpkg -x wordpress_*.deb /tmp/wp
 *   WP_DIR=/tmp/wp/usr/share/wordpress npx tsx bench/parity/wp-links.ts [count] [seed]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findLinks } from '../../server/shared/links.js';

const PIECES = [
  'http://', 'https://', 'HTTP://', 'irc://', 'gopher://', 'javascript://', 'ftp://', 'feed://', 'mailto://', 'www.', 'ftp.', 'WWW.',
  '@', 'a.example', 'b.cc', 'x.example:8080/', 'me', 'x', 'a@b.example', 'user@www.x.example', ' ', ' ', '\n', '\t', '\r', '\u00a0',
  '(', ')', '((', '))', '(http://', '.', ',', ';', ':', '!', '?', '&', '>', '<', '<3', '"', "'", '[', ']', '*', '+', '=', '$', '~', '#', '/', '%', '_', '-', '--',
  '<a href="https://h.example">', '<a href="x">', '<a href="javascript:alert(1)">', '<a href>', '<a>', '<a title="href">', '<A HREF=y>', '< a href=x>', '<a\nhref="y">', '</a>',
  '<b>', '</b>', '<code>', '<code >', '</code>', '<pre>', '</pre>', '<span>', '<p>', '<br>', '<blockquote>', '<q cite="http://q.example">', '<img src="http://i.example">',
  '<!--', '-->', '<!-->', '&amp;', '&lt;', '&#58;', '«', '»', '،', '؟', 'م', 'مقال', 'é', '😀', '0', '9',
  'ب'.repeat(1100), 'x'.repeat(2050), `https://a.example/${'y'.repeat(1985)}`, 'مقال '.repeat(400),
];

const count = Number(process.argv[2] ?? 5000);
let seed = Number(process.argv[3] ?? 1);
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const texts = Array.from({ length: count }, () => {
  const pieces = 1 + Math.floor(random() * 40);
  let text = '';
  for (let k = 0; k < pieces; k++) {
    const piece = PIECES[Math.floor(random() * PIECES.length)]!;
    text += piece.length > 100 && random() < 0.8 ? 'x' : piece; // long words now and then
  }
  return text;
});

const php = fileURLToPath(new URL('wp-links.php', import.meta.url));
const wp = JSON.parse(execFileSync('php', [php], { input: JSON.stringify(texts), maxBuffer: 1 << 28 }).toString()) as Array<{ count: number; html: string }>;
let differ = 0;
texts.forEach((text, k) => {
  const ours = findLinks(text).length;
  if (ours === wp[k]!.count) return;
  differ++;
  console.log(`${JSON.stringify(text)}\n  Majlis ${ours}, WordPress ${wp[k]!.count}: ${JSON.stringify(wp[k]!.html)}`);
});
const linked = wp.filter((r) => r.count > 0).length;
console.log(`${count} comments, ${linked} with links by WordPress's count: ${differ} counted differently by Majlis`);
process.exitCode = differ ? 1 : 0;
