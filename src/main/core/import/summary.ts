import type { ImportReport } from '../../../shared/import';

/** The report as `lanyard import` prints it: the counts first, each issue with its English message. */
export function importSummary(r: ImportReport) {
  return {
    encoding: r.encoding,
    ...(r.encodingAlternatives ? { encodingAlternatives: r.encodingAlternatives } : {}),
    format: r.format,
    ...(r.delimiter ? { delimiter: r.delimiter } : {}),
    rows: r.rows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    skipped: r.skipped,
    committed: r.committed,
    headers: r.headers,
    mapping: r.mapping,
    ...(r.nameCandidates ? { nameCandidates: r.nameCandidates } : {}),
    issues: r.issues.map((i) => ({ line: i.line, field: i.field, code: i.code, severity: i.severity, message: i.message.en, ...(i.value === undefined ? {} : { value: i.value }) })),
  };
}
