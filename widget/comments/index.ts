/**
 * The reader widget's entry: `<script type="module" src="…/widget.js">` defines
 * <majlis-comments>. Its comment form (<majlis-comment-form>), live client and
 * reader actions are separate chunks it loads after the first paint.
 */
import './no-globals.js';
import { MajlisComments } from './majlis-comments.js';
import { restoreGlobals } from './no-globals.js';

if (!customElements.get('majlis-comments')) customElements.define('majlis-comments', MajlisComments);
restoreGlobals();

export { MajlisComments };
