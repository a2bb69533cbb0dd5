import { note, renderNote, type FailureNote, type NoteKey, type NoteParams } from './notes.js';

/** A file that cannot be read: where and why. Nothing of it is imported. */
export class ImportFailure extends Error {
  /** line null when no line applies (a file of another format, an export without <channel>) */
  readonly note: FailureNote;

  constructor(line: number | null, key: NoteKey, params?: NoteParams) {
    const n = note(line, key, params);
    const { what, detail } = renderNote(n, 'en');
    super(`${line === null ? '' : `line ${line}: `}${what}${detail ? ` (${detail})` : ''}`);
    this.name = 'ImportFailure';
    this.note = n;
  }
}
