import { describe, expect, it } from 'vitest';
import { dashboardEditPath, dashboardPath, dashboardTvPath, dataPath, loadReportPath, metricPath, metricsPath, parseRoute, sharedLinkPath } from './route.ts';

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

  it('knows the data page, the dashboards, a board, its editor, its TV mode and share links', () => {
    const id = '0f8e2c4a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
    expect(parseRoute(dataPath)).toEqual({ page: 'data' });
    expect(parseRoute('/dashboards')).toEqual({ page: 'dashboards' });
    expect(parseRoute(dashboardPath(id))).toEqual({ page: 'dashboard', id });
    expect(parseRoute(dashboardPath(id.toUpperCase()))).toEqual({ page: 'dashboard', id });
    expect(parseRoute(dashboardEditPath(id))).toEqual({ page: 'dashboardEdit', id });
    expect(parseRoute(dashboardTvPath(id))).toEqual({ page: 'dashboardTv', id });
    expect(parseRoute(sharedLinkPath('AbCd_efgh-1234567890xyz'))).toEqual({ page: 'sharedLink', token: 'AbCd_efgh-1234567890xyz' });
  });

  it('does not guess at anything else', () => {
    for (const path of [
      '/loads', '/loads/', '/loads/0', '/loads/013', '/loads/abc', '/loads/1.5', '/loads/13/rejects', '/datasets',
      '/metrics/Bed', '/metrics/1abc', '/metrics/a-b', '/metrics/alos/versions', '/metrics/%E5%BA%8A',
      '/dashboards/1', '/dashboards/0f8e2c4a-1b2c-4d5e-8f90-a1b2c3d4e5f6/share', '/shared/short', '/shared/has space in it at all',
    ]) {
      expect(parseRoute(path), path).toEqual({ page: 'notFound', path });
    }
  });
});
