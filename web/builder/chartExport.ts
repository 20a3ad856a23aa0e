// Exports of the chart shown: PNG and SVG drawn by the Vega view, CSV written by the server
// (POST /api/query/export, the same rows, with the user's access and masking) and saved as a file.
import type { View } from 'vega';
import { ApiError } from '../api/request.ts';
import type { MetricQuery } from '../api/types.ts';

/** A file name from the chart's name, safe on every system. */
export function exportFileName(name: string, extension: string): string {
  const base = name.trim().replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || 'chart';
  return `${base}.${extension}`;
}

function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

export async function exportImage(view: View, format: 'png' | 'svg', fileName: string): Promise<void> {
  // Twice the pixels for PNG, so that the picture stays sharp in a report.
  download(await view.toImageURL(format, format === 'png' ? 2 : 1), fileName);
}

export async function exportCsv(query: MetricQuery, csrfToken: string | null, fileName: string): Promise<void> {
  const path = '/api/query/export?format=csv';
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    body: JSON.stringify(query),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(body?.message ?? `${path}: HTTP ${response.status}`, path, response.status);
  }
  const url = URL.createObjectURL(await response.blob());
  try {
    download(url, fileName);
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
