import { pathToFileURL } from 'node:url';
import { fontPath } from './fonts';

/**
 * Badges as an HTML document, one SVG page each (badgeSvg), in the badge font loaded from its installed files: what
 * Chromium prints — the Electron printer on Windows, and the bench's print-to-PDF reference.
 */
export function badgeDocument(svgs: readonly string[], pageSize: string): string {
  const face = (weight: 'regular' | 'bold', css: number) =>
    `@font-face { font-family: 'Noto Sans SC'; font-weight: ${css}; src: url('${pathToFileURL(fontPath(weight)).href}'); }`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
${face('regular', 400)}
${face('bold', 700)}
@page { size: ${pageSize}; margin: 0; }
html, body { margin: 0; } svg { display: block; page-break-after: always; }
</style></head><body>${svgs.join('')}</body></html>`;
}
