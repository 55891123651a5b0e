/** One record of a delimited file and the physical line it starts on, as a text editor numbers it. */
export interface SourceRow {
  line: number;
  cells: unknown[];
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];

/**
 * The separator of the first line that holds any: commas, tabs (Excel's "Unicode text") or semicolons (Excel in locales
 * whose decimal mark is a comma), whichever that line has most of. A title line above the header, holding none, does
 * not decide.
 */
export function detectDelimiter(text: string): Delimiter {
  for (const line of text.slice(0, 64 * 1024).split(/\r\n|\n|\r/, 20)) {
    const counts = DELIMITERS.map((d) => line.split(d).length - 1);
    const most = Math.max(...counts);
    if (most > 0) return DELIMITERS[counts.indexOf(most)]!;
  }
  return ',';
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/**
 * RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF and lone CR all end a
 * record. Blank records are left out, but every record keeps the line number it starts on. Records are yielded as
 * they are read, so an import's first chunk need not wait for the whole file.
 */
export function* delimitedRecords(text: string, delimiter: Delimiter = detectDelimiter(text)): Generator<SourceRow> {
  const sep = delimiter.charCodeAt(0);
  const n = text.length;
  let line = 1;
  let i = 0;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let out = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) {
            out += text.slice(from);
            i = n;
            break;
          }
          out += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            out += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        line += countLineBreaks(out);
        // Anything between the closing quote and the delimiter is kept, as Excel does.
        const rest = scanUnquoted(text, i, sep);
        value = out + rest.value;
        i = rest.end;
      } else {
        const rest = scanUnquoted(text, i, sep);
        value = rest.value;
        i = rest.end;
      }
      cells.push(value);
      const c = text.charCodeAt(i);
      if (c === sep) {
        i++;
        continue;
      }
      endOfRecord = true;
      if (c === CR) {
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
      } else if (c === LF) {
        i++;
        line++;
      }
    }
    if (!isBlank(cells)) yield { line: startLine, cells };
  }
}

function scanUnquoted(text: string, from: number, sep: number): { value: string; end: number } {
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === sep || c === CR || c === LF) break;
    i++;
  }
  return { value: text.slice(from, i), end: i };
}

/** Line breaks (CRLF, LF or a lone CR): a record count's upper bound, found without parsing. */
export function countLineBreaks(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR && s.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}
