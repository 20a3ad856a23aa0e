import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/memoryStorage.ts';
import { ChartPictures, uniqueIds } from './chartPictures.ts';

const now = (work: () => void) => work();
const spec = { mark: 'bar', data: { name: 'table', values: [{ department: '心血管内科', discharges: 1197 }] } };
const drawing = '<svg class="marks" width="480" height="300" aria-label="各科室出院人数" role="graphics-document" aria-roledescription="visualization"><g clip-path="url(#clip3)">'
  + '<path aria-label="科室: 心血管内科; 出院人数: 1,197" role="graphics-symbol" aria-roledescription="bar" tabindex="0" d="M0,0h40v200h-40Z" fill="#4c78a8"></path></g>'
  + '<defs><clipPath id="clip3"><rect x="0" y="0" width="480" height="300"></rect></clipPath></defs></svg>';

describe('ChartPictures', () => {
  it('finds a drawing kept by an earlier page of the tab, with the width it was drawn at, for the same spec only', () => {
    const storage = memoryStorage();
    new ChartPictures(storage, now).keep(spec, 480, drawing);
    const page = new ChartPictures(storage, now);
    expect(page.find(spec)?.width).toBe(480);
    expect(page.find({ ...spec, data: { name: 'table', values: [{ department: '心血管内科', discharges: 1198 }] } })).toBeNull();
    expect(page.find({ ...spec, height: 200 })).toBeNull();
  });

  it('keeps a picture: the marks lose their roles, labels and tab stops, and keep their shapes', () => {
    const pictures = new ChartPictures(null);
    pictures.keep(spec, 480, drawing);
    const { markup } = pictures.find(spec)!;
    expect(markup).not.toMatch(/role=|aria-|tabindex/);
    expect(markup).toContain('<path d="M0,0h40v200h-40Z" fill="#4c78a8"></path>');
    expect(markup).toContain('<svg class="marks" width="480" height="300">');
  });

  it('forgets every picture, in memory and in storage, and nothing else', () => {
    const storage = memoryStorage();
    storage.setItem('hbi.language', 'zh-CN');
    const pictures = new ChartPictures(storage, now);
    pictures.keep(spec, 480, drawing);
    pictures.forget();
    expect(pictures.find(spec)).toBeNull();
    expect(new ChartPictures(storage, now).find(spec)).toBeNull();
    expect([...storage.items.keys()]).toEqual(['hbi.language']);
  });

  it('gives each picture shown ids of its own, and the references to them', () => {
    const first = uniqueIds(drawing);
    const second = uniqueIds(drawing);
    const ids = (markup: string) => [...markup.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const references = (markup: string) => [...markup.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(ids(first)).toEqual(references(first));
    expect(ids(first)).not.toEqual(ids(second));
    expect(ids(first)[0]).toMatch(/clip3$/);
  });
});
