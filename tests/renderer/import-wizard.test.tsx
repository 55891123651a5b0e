import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImportJobStatus } from '../../src/shared/import';
import { ok } from '../../src/shared/result';
import { fakeStation, session } from './fakeStation';
import { renderStation } from './renderStation';

async function openWizard() {
  const station = fakeStation({ session: session('admin'), mode: 'office' });
  renderStation(station);
  fireEvent.click(await screen.findByRole('button', { name: '导入名单' }));
  const file = new File([new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd])], 'registration.csv', { type: 'text/csv' });
  fireEvent.change(screen.getByLabelText('选择文件…'), { target: { files: [file] } });
  await screen.findByRole('heading', { name: '检查结果（尚未导入）' });
  return station;
}

describe('import wizard', () => {
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
});
