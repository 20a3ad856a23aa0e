import { describe, expect, it } from 'vitest';
import { loadReportPath, metricPath, metricsPath, parseRoute } from './route.ts';

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

  it('knows the metric catalogue and a metric by its name', () => {
    expect(parseRoute('/metrics')).toEqual({ page: 'metrics' });
    expect(parseRoute('/metrics/')).toEqual({ page: 'metrics' });
    expect(parseRoute(metricsPath)).toEqual({ page: 'metrics' });
    expect(parseRoute('/metrics/bed_occupancy_rate')).toEqual({ page: 'metric', name: 'bed_occupancy_rate' });
    expect(parseRoute(metricPath('readmission_30d_rate'))).toEqual({ page: 'metric', name: 'readmission_30d_rate' });
  });

  it('does not guess at anything else', () => {
    for (const path of [
      '/loads', '/loads/', '/loads/0', '/loads/013', '/loads/abc', '/loads/1.5', '/loads/13/rejects', '/datasets',
      '/metrics/Bed', '/metrics/1abc', '/metrics/a-b', '/metrics/alos/versions', '/metrics/%E5%BA%8A',
    ]) {
      expect(parseRoute(path), path).toEqual({ page: 'notFound', path });
    }
  });
});
