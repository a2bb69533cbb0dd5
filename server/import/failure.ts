/** A file that cannot be read: where and why. Nothing of it is imported. */
export class ImportFailure extends Error {
  constructor(
    readonly line: number | null,
    readonly what: string,
  ) {
    super(line === null ? what : `line ${line}: ${what}`);
    this.name = 'ImportFailure';
  }
}
