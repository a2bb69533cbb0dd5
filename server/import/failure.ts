import { note, renderNote, type Note, type NoteKey, type NoteParams } from './notes.js';

/** A file that cannot be read: where and why. Nothing of it is imported. */
export class ImportFailure extends Error {
  readonly note: Note;

  constructor(line: number | null, key: NoteKey, params?: NoteParams) {
    const n = note(line ?? 0, key, params);
    super(`${line === null ? '' : `line ${line}: `}${renderNote(n, 'en').what}`);
    this.name = 'ImportFailure';
    this.note = n;
  }
}
