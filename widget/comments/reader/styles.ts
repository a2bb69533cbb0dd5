/** The reader actions' styles, added to the widget's shadow root when their chunk loads. Logical properties only. */
export const readerCss = `
.act{padding-block:.15rem;padding-inline:0;border:0;background:none;color:var(--_accent);font:inherit;font-size:.9em;font-weight:600;cursor:pointer}
.act[aria-pressed=true]{color:var(--_fg)}
.act[aria-pressed=true]::before{content:"♥ "}
.act[aria-pressed=false]::before{content:"♡ "}
.left{color:var(--_muted);font-size:.85em}
.edit textarea,.dlg textarea{box-sizing:border-box;inline-size:100%;padding:.5rem;border:1px solid var(--_border);border-radius:var(--_r);background:var(--_field);color:inherit;font:inherit}
.row{display:flex;flex-wrap:wrap;gap:.5rem;margin-block:.5rem}
.btn{padding-block:.35rem;padding-inline:.9rem;border:1px solid var(--_accent);border-radius:var(--_r);background:var(--_accent);color:var(--_on-accent);font:inherit;cursor:pointer}
.btn.plain{background:none;color:var(--_accent)}
.err{color:var(--_error)}
.confirm{margin-block:.5rem;padding:.5rem .75rem;border-inline-start:4px solid var(--_error)}
.confirm p{margin:0}
.tools{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin-block-end:var(--_s)}
.tools select{font:inherit;padding:.25rem;border:1px solid var(--_border);border-radius:var(--_r);background:var(--_field);color:inherit}
.featured{margin-block-end:var(--_s);padding:.75rem 1rem;border:1px solid var(--_border);border-inline-start:4px solid var(--_accent);border-radius:var(--_r)}
.featured h3{margin:0 0 .5rem;font-size:1.1em}
.featured li+li{margin-block-start:.75rem;padding-block-start:.75rem;border-block-start:1px solid var(--_border)}
.featured p{margin:0}
.dlg{max-inline-size:min(30rem,90vw);padding:1rem 1.25rem;border:1px solid var(--_border);border-radius:var(--_r);background:Canvas;color:CanvasText}
.dlg::backdrop{background:rgb(0 0 0/.4)}
.dlg h3{margin-block:0 .75rem;font-size:1.1em}
.dlg fieldset{margin:0;padding:.5rem .75rem;border:1px solid var(--_border);border-radius:var(--_r)}
.dlg label{display:block}
.dlg .note{display:block;margin-block-start:.75rem}
`;
