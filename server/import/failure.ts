import { note, renderNote, type Note, type NoteKey, type NoteParams } from './notes.js';

/** A file that cannot be read: where and why. Nothing of it is imported. */
export class ImportFailure extends Error {
  readonly note: Note;

  constructor(line: number | null, key: NoteKey, params?: NoteParams) {
    const n = note(line ?? 0, key, params);
    const { what, detail } = renderNote(n, 'en');
    super(`${line === null ? '' : `line ${line}: `}${what}${detail ? ` (${detail})` : ''}`);
    this.name = 'ImportFailure';
    this.note = n;
  }
}
