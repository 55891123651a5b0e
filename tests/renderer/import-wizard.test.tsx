import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportJobStatus, ImportMapping, ImportReport } from '../../src/shared/import';
import { readFileText } from '../../src/renderer/files';
import { ok } from '../../src/shared/result';
import type { FakeStation } from './fakeStation';
import { fakeStation, importReportFixture, session } from './fakeStation';
import { renderStation } from './renderStation';

async function openWizard(prepare: (station: FakeStation) => void = () => {}) {
  const station = fakeStation({ session: session('admin'), mode: 'office' });
  prepare(station);
  renderStation(station);
  fireEvent.click(await screen.findByRole('button', { name: '导入名单' }));
  const file = new File([new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd])], 'registration.csv', { type: 'text/csv' });
  fireEvent.change(await screen.findByLabelText('选择文件…'), { target: { files: [file] } });
  await screen.findByRole('heading', { name: '检查结果（尚未导入）' });
  return station;
}

describe('import wizard', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the detected encoding, the column mapping and every problem with its line', async () => {
    const station = await openWizard();
    expect(station.calls.find((c) => c.command === 'roster:importPreview')?.input).toEqual({ fileName: 'registration.csv', contentBase64: '1cXI/Q==' });
    expect(screen.getByText('GB18030')).toBeTruthy();
    expect((screen.getByLabelText('“姓名”列对应的字段') as HTMLSelectElement).value).toBe('nameZh');
    expect((screen.getByLabelText('“备用”列对应的字段') as HTMLSelectElement).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: '下一步：查看问题（3 条）' }));
    const problems = screen.getByRole('region', { name: '问题（3 条）' });
    const rows = within(problems).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['3中文姓名错误缺少姓名', '4参会类别错误未知的参会类别“贵宾”贵宾', '2手机提醒手机号码无效，已留空']);
    fireEvent.click(within(problems).getByRole('button', { name: '提醒（1）' }));
    expect(within(problems).getAllByRole('row')).toHaveLength(2);
  });

  it('sends the changed mapping and checks the file again', async () => {
    const station = await openWizard();
    fireEvent.change(screen.getByLabelText('“备用”列对应的字段'), { target: { value: 'attention' } });
    await waitFor(() => expect(station.calls.filter((c) => c.command === 'roster:importPreview')).toHaveLength(2));
    expect(station.calls.filter((c) => c.command === 'roster:importPreview')[1]?.input).toMatchObject({
      mapping: { 姓名: 'nameZh', 单位: 'orgZh', 手机: 'phone', 参会类别: 'category', 备用: 'attention' },
    });
    await waitFor(() => expect((screen.getByLabelText('“备用”列对应的字段') as HTMLSelectElement).value).toBe('attention'));
  });

  it('saves the mapping as the JSON the CLI reads, and checks the file again with a saved one', async () => {
    const station = await openWizard();
    const saved: Array<{ blob: Blob; name: string }> = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push({ blob: blob as Blob, name: '' });
      return 'blob:mapping';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.at(-1)!.name = this.download;
    });
    fireEvent.click(screen.getByRole('button', { name: '保存列对应关系' }));
    expect(saved.map((f) => f.name)).toEqual(['registration.mapping.json']);
    const { columns: mapping } = JSON.parse(await readFileText(saved[0]!.blob)) as { columns: Record<string, string | null> };
    expect(mapping).toMatchObject({ 姓名: 'nameZh', 单位: 'orgZh', 手机: 'phone', 参会类别: 'category' });

    const previews = () => station.calls.filter((c) => c.command === 'roster:importPreview');
    const edited = new File([JSON.stringify({ ...mapping, 备用: 'attention' })], 'registration.mapping.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('使用已保存的列对应关系…'), { target: { files: [edited] } });
    await waitFor(() => expect(previews()).toHaveLength(2));
    expect(previews()[1]?.input).toMatchObject({ mapping: { 姓名: 'nameZh', 备用: 'attention' } });

    const wrong = new File(['{"姓名": "shoe size"}'], 'wrong.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('使用已保存的列对应关系…'), { target: { files: [wrong] } });
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(previews()).toHaveLength(2);
  });

  it('commits with progress and cancels the running import', async () => {
    const station = await openWizard();
    fireEvent.click(screen.getByRole('button', { name: '下一步：查看问题（3 条）' }));
    fireEvent.click(screen.getByRole('button', { name: '导入 1 行' }));
    expect(await screen.findByRole('heading', { name: '正在导入…' })).toBeTruthy();
    await waitFor(() => expect(station.calls.map((c) => c.command)).toContain('roster:importStatus'));
    expect((screen.getByRole('progressbar', { name: '导入进度' }) as HTMLProgressElement).value).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(await screen.findByRole('heading', { name: '已取消，名单未改变' })).toBeTruthy();
    expect(station.calls.find((c) => c.command === 'roster:importCancel')?.input).toEqual({ jobId: 'job-1' });
  });

  it('counts progress against the rows the check found, when the running job cannot know them (an XLSX without a dimension)', async () => {
    const station = await openWizard();
    station.answer('roster:importStatus', (input) => ok<ImportJobStatus>({ jobId: (input as { jobId: string }).jobId, state: 'running', processed: 2, total: 2 }));
    fireEvent.click(screen.getByRole('button', { name: '下一步：查看问题（3 条）' }));
    fireEvent.click(screen.getByRole('button', { name: '导入 1 行' }));
    expect(await screen.findByText('已处理 2 / 3 行')).toBeTruthy();
    expect((screen.getByRole('progressbar', { name: '导入进度' }) as HTMLProgressElement).max).toBe(3);
  });

  it('says in the screen language that a failed import left the roster as it was', async () => {
    const station = await openWizard();
    const message = 'the import worker stopped (exit code 1) before reporting';
    station.answer('roster:importStatus', (input) =>
      ok<ImportJobStatus>({ jobId: (input as { jobId: string }).jobId, state: 'failed', processed: 1, total: 3, error: { code: 'internal', message } }),
    );
    fireEvent.click(screen.getByRole('button', { name: '下一步：查看问题（3 条）' }));
    fireEvent.click(screen.getByRole('button', { name: '导入 1 行' }));
    expect(await screen.findByRole('heading', { name: '导入失败，名单未改变' })).toBeTruthy();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('站点处理出错，请查看站点日志。');
    // The worker's own words stay as a detail, marked as English.
    expect(within(alert).getByText(message).getAttribute('lang')).toBe('en');
  });

  it('with no name column, names the columns and makes a likely one the name in one click', async () => {
    const noName = (mapping?: ImportMapping): ImportReport => {
      const base = importReportFixture({ 参会人员: null, 单位: 'orgZh', 手机: 'phone', ...mapping });
      const named = Object.values(base.mapping).includes('nameZh');
      return named ? base : { ...base, created: 0, skipped: 3, nameCandidates: ['参会人员', '单位'], issues: [{ line: 1, field: null, code: 'no_name_column', severity: 'error', message: { zh: '没有找到姓名列', en: 'No name column' }, value: '参会人员, 单位' }] };
    };
    const station = await openWizard((s) => s.answer('roster:importPreview', (input) => ok(noName((input as { mapping?: ImportMapping }).mapping))));
    const notice = screen.getByRole('alert');
    expect(notice.textContent).toContain('文件中的列：参会人员, 单位, 手机');
    fireEvent.click(within(notice).getByRole('button', { name: '把“参会人员”作为姓名' }));
    await waitFor(() => expect(station.calls.filter((c) => c.command === 'roster:importPreview')).toHaveLength(2));
    expect(station.calls.filter((c) => c.command === 'roster:importPreview')[1]?.input).toMatchObject({ mapping: { 参会人员: 'nameZh', 单位: 'orgZh' } });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('when unsure of the encoding, shows the header and first row each way and checks again in the one chosen, then imports in it', async () => {
    const unsure = (encoding?: string): ImportReport =>
      encoding === 'big5'
        ? { ...importReportFixture(), encoding: 'big5' }
        : { ...importReportFixture(), encodingAlternatives: [{ encoding: 'big5', headers: ['姓名', '機構'], firstRow: ['陳大文', '香港電台'], recognised: 2 }] };
    const station = await openWizard((s) => s.answer('roster:importPreview', (input) => ok(unsure((input as { encoding?: string }).encoding))));
    const notice = screen.getByRole('alert');
    expect(within(notice).getByRole('row', { name: /Big5/ }).textContent).toContain('陳大文 | 香港電台');
    fireEvent.click(within(notice).getByRole('button', { name: '使用 Big5' }));
    await waitFor(() => expect(screen.getByText('Big5')).toBeTruthy());
    expect(station.calls.filter((c) => c.command === 'roster:importPreview')[1]?.input).toMatchObject({ encoding: 'big5' });
    fireEvent.click(screen.getByRole('button', { name: '下一步：查看问题（3 条）' }));
    fireEvent.click(screen.getByRole('button', { name: '导入 1 行' }));
    await waitFor(() => expect(station.calls.find((c) => c.command === 'roster:importStart')?.input).toMatchObject({ encoding: 'big5' }));
  });

  it('gives a category word of the file a category, checks again with it, and saves it with the mapping', async () => {
    const station = await openWizard();
    const select = screen.getByLabelText('“贵宾”对应的参会类别') as HTMLSelectElement;
    expect(within(screen.getByRole('region', { name: /类别对应不上/ })).getByRole('row', { name: /贵宾/ }).textContent).toContain('1');
    fireEvent.change(select, { target: { value: 'guest' } });
    await waitFor(() => expect(station.calls.filter((c) => c.command === 'roster:importPreview')).toHaveLength(2));
    expect(station.calls.filter((c) => c.command === 'roster:importPreview')[1]?.input).toMatchObject({ categories: { 贵宾: 'guest' } });
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:mapping';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await waitFor(() => expect((screen.getByRole('button', { name: '保存列对应关系' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: '保存列对应关系' }));
    expect(JSON.parse(await readFileText(saved[0]!))).toMatchObject({ columns: { 姓名: 'nameZh' }, categories: { 贵宾: 'guest' } });
  });

  it('gives a forum word of a questionnaire an activity of the event, by its title', async () => {
    const withForumWord = (activities?: Record<string, string>): ImportReport => {
      const base = importReportFixture();
      return activities?.['分论坛一']
        ? base
        : { ...base, issues: [...base.issues, { line: 5, field: 'activities', code: 'activity_unknown', severity: 'error', message: { zh: '活动不存在', en: 'Unknown activity' }, value: '分论坛一' }] };
    };
    const station = await openWizard((s) => s.answer('roster:importPreview', (input) => ok(withForumWord((input as { activities?: Record<string, string> }).activities))));
    const select = screen.getByLabelText('“分论坛一”对应的活动') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toContain('开幕式暨主论坛');
    const forum = [...select.options].find((o) => o.textContent?.includes('推动全媒体生产'))!;
    fireEvent.change(select, { target: { value: forum.value } });
    await waitFor(() => expect(station.calls.filter((c) => c.command === 'roster:importPreview')).toHaveLength(2));
    expect(station.calls.filter((c) => c.command === 'roster:importPreview')[1]?.input).toMatchObject({ activities: { 分论坛一: forum.value } });
  });
});
