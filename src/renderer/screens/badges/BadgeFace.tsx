import { useTranslation } from 'react-i18next';
import type { BadgeLayout, BadgePreview } from '../../../shared/badge';
import { useQuery } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { qrPath } from '../../../shared/badgeSvg';

/**
 * A badge drawn from the same laid-out boxes the PDF is written from: fitted sizes, lines and baselines come from
 * main, and the face is the bundled Noto Sans SC, so the preview is the print.
 */
export function BadgeFace({ preview, label, scale = 1.5 }: { preview: BadgePreview; label: string; scale?: number }) {
  const { page, qr } = preview;
  return (
    <svg className="badge-face" role="img" aria-label={label} width={page.width * scale} height={page.height * scale} viewBox={`0 0 ${page.width} ${page.height}`}>
      <rect width={page.width} height={page.height} fill={page.background} />
      {page.boxes.map((box, i) => {
        switch (box.kind) {
          case 'rect':
            return <rect key={i} x={box.x} y={box.y} width={box.width} height={box.height} fill={box.fill} />;
          case 'text':
            return box.lines.map((line, j) => (
              <text key={`${i}-${j}`} x={line.x} y={line.baseline} fontFamily="Lanyard Sans SC" fontSize={box.size} fontWeight={box.weight === 'bold' ? 700 : 400} fill={box.colour}>
                {line.text}
              </text>
            ));
          case 'qr':
            return <path key={i} d={qrPath(box, qr)} fill="#000" />;
        }
      })}
    </svg>
  );
}

/** An attendee's badge as it will print, with the saved layout or one being edited. */
export function AttendeeBadge({ attendeeId, layout }: { attendeeId: string; layout?: BadgeLayout }) {
  const { t } = useTranslation();
  const preview = useQuery('badge:preview', { attendeeId, ...(layout ? { layout } : {}) });
  if (preview.result === null) return <p className="loading">{t('app.loading')}</p>;
  if (!preview.result.ok) return <ErrorMessage error={preview.result.error} />;
  return <BadgeFace preview={preview.result.value} label={t('badges.previewOf', { id: attendeeId })} />;
}
