/** Types of minify-css.mjs (used by the build and by its test). */
export function minifyCssText(text: string): string;
export function cssTemplates(source: string): Array<{ from: number; to: number; runs: string[]; holes: string[] }>;
export function minifyCssTemplates(source: string): string;
