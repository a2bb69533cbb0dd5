/**
 * The reader widget's entry: `<script type="module" src="…/widget.js">` defines
 * <majlis-comments> (and its form). See majlis-comments.ts for the element's surface.
 */
import './no-globals.js';
import { MajlisCommentForm } from './majlis-comment-form.js';
import { MajlisComments } from './majlis-comments.js';
import { restoreGlobals } from './no-globals.js';

for (const [tag, cls] of [
  ['majlis-comment-form', MajlisCommentForm],
  ['majlis-comments', MajlisComments],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, cls);
}
restoreGlobals();

export { MajlisComments, MajlisCommentForm };
