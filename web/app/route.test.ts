import { describe, expect, it } from 'vitest';
import { loadReportPath, parseRoute } from './route.ts';

describe('parseRoute', () => {
  it('knows the home page', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' });
    expect(parseRoute('/index.html')).toEqual({ page: 'home' });
  });

  it('reads the load id of a load report, with or without a trailing slash', () => {
    expect(parseRoute('/loads/13')).toEqual({ page: 'loadReport', loadId: 13 });
    expect(parseRoute('/loads/13/')).toEqual({ page: 'loadReport', loadId: 13 });
    expect(parseRoute(loadReportPath(4096))).toEqual({ page: 'loadReport', loadId: 4096 });
  });

  it('does not guess at anything else', () => {
    for (const path of ['/loads', '/loads/', '/loads/0', '/loads/013', '/loads/abc', '/loads/1.5', '/loads/13/rejects', '/datasets']) {
      expect(parseRoute(path), path).toEqual({ page: 'notFound', path });
    }
  });
});
