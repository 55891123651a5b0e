import type { ImportInput, ImportReport } from '../../../shared/import';
import { AppFailure } from '../../../shared/result';
import type { Actor } from '../audit/repo';
import type { ServiceContext } from '../context';
import type { CallContext, Handlers } from '../dispatch';
import { ImportJobs } from './jobs';
import type { ImportFile } from './parse';
import { importFile } from './pipeline';
import { planImport } from './plan';

type ImportCommands = 'roster:importPreview' | 'roster:importCommit' | 'roster:importStart' | 'roster:importStatus' | 'roster:importCancel';

function importFileOf({ fileName, contentBase64, mapping, encoding, categories, activities }: ImportInput): ImportFile {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0) throw new AppFailure('invalid_input', `${fileName} is empty`);
  return { bytes, fileName, mapping, encoding, categories, activities };
}

const actor = (ctx: CallContext): Actor => ({ operatorId: ctx.session?.operatorId ?? null, via: ctx.transport });

/** Registration exports in: a dry run, a commit, and the same commit as a background job with progress and cancel. */
export function importHandlers({ db, now }: ServiceContext): Pick<Handlers, ImportCommands> {
  const jobs = new ImportJobs(db);
  return {
    'roster:importPreview': (input) => planImport({ db, ...importFileOf(input) }),

    'roster:importCommit': (input, ctx): Promise<ImportReport> => importFile(importFileOf(input), { db, at: now(), by: actor(ctx) }),

    'roster:importStart': (input, ctx) => ({ jobId: jobs.start({ file: importFileOf(input), at: now(), by: actor(ctx) }) }),

    'roster:importStatus': ({ jobId }) => jobs.status(jobId),

    'roster:importCancel': ({ jobId }) => jobs.cancel(jobId),
  };
}
