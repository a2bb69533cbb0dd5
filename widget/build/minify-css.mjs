// Minifies the CSS inside Lit's css`…` templates, which esbuild leaves as written: only
// comments, runs of whitespace, spaces around `{ } ; : >` and the last `;` of a block go.
// Quoted strings, `${…}` interpolations and spaces after commas are kept, and numbers are
// left as written, so the browser reads the very same rules, custom property values
// included: test/widget.css-minify.browser.test.ts compares them in Chromium.

/** Minifies one literal run of CSS text (interpolations split the runs). */
export function minifyCssText(text) {
  return text
    .split(/('[^'\n]*'|"[^"\n]*")/)
    .map((part, i) =>
      i % 2
        ? part
        : part
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};>]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('');
}

/**
 * Every css`…` template of a source file: where it starts and ends (the backticks
 * included), its literal runs, and the `${…}` interpolations between them.
 */
export function cssTemplates(source) {
  const found = [];
  for (let start = source.indexOf('css`'); start >= 0; start = source.indexOf('css`', start + 4)) {
    const runs = [''];
    const holes = [];
    let i = start + 4;
    while (source[i] !== '`') {
      if (i >= source.length) throw new Error('unterminated css` template');
      if (source[i] === '\\') {
        runs[runs.length - 1] += source.slice(i, i + 2);
        i += 2;
      } else if (source.startsWith('${', i)) {
        const end = source.indexOf('}', i);
        const hole = source.slice(i, end + 1);
        // Only names (`${dark}`): an expression could hold a `}` this scan would misread.
        if (!/^\$\{[\w.]+\}$/.test(hole)) throw new Error(`css\` template: interpolate a name, not ${hole}`);
        holes.push(hole);
        runs.push('');
        i = end + 1;
      } else runs[runs.length - 1] += source[i++];
    }
    found.push({ from: start + 3, to: i + 1, runs, holes });
    start = i;
  }
  return found;
}

/** The source with every css`…` template's literal text minified (interpolations untouched). */
export function minifyCssTemplates(source) {
  let out = '';
  let at = 0;
  for (const t of cssTemplates(source)) {
    out += source.slice(at, t.from) + '`' + t.runs.map((r, i) => (i ? t.holes[i - 1] : '') + minifyCssText(r)).join('') + '`';
    at = t.to;
  }
  return out + source.slice(at);
}
