import { describe, expect, it } from 'vitest';
import indexHtml from '../../src/renderer/index.html?raw';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';

describe('index.html', () => {
  it('carries the same Content-Security-Policy as main and the HTTP server', () => {
    const doc = new DOMParser().parseFromString(indexHtml, 'text/html');
    const metas = doc.querySelectorAll('meta[http-equiv="Content-Security-Policy"]');
    expect(metas).toHaveLength(1);
    expect(metas[0]?.getAttribute('content')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('has no inline script or style for the policy to forbid', () => {
    const doc = new DOMParser().parseFromString(indexHtml, 'text/html');
    expect(doc.querySelectorAll('style, [style]')).toHaveLength(0);
    for (const script of doc.querySelectorAll('script')) expect(script.getAttribute('src')).toBeTruthy();
  });
});
