// The tab's last drawing of each chart, as SVG markup. A chart drawn again with the same spec (its
// rows included) at the same width shows that picture at once, while its Vega view is built and
// run (some 40 ms a chart); the view then takes the picture's place (VegaChart). A board opened
// again, a reload or a way back, so shows every chart as soon as it has its answers.
//
// The pictures hold the charts' values, so they are kept in sessionStorage: they last only as long
// as the tab, and logging in or out forgets them (`chartPictures.forget`). They are pictures only:
// marks lose their roles and labels (the live view that follows has them), and the element that
// shows one is hidden from assistive technology.
import { browserStorage } from '../app/browserStorage.ts';
import { KeptInStorage, type Later, type Storage } from '../app/keptInStorage.ts';

/** A few boards' charts; each picture is some tens of kilobytes of the five megabytes a tab has. */
const keptPictures = 40;
/** How pictures are written: a change to it leaves those kept before unread. */
const version = 'svg 1';

/** The markup with what makes marks things to read or click taken out: roles, labels, tab stops. */
function pictureOf(markup: string): string {
  return markup.replace(/ (?:role|aria-roledescription|aria-label|tabindex)="[^"]*"/g, '');
}

let shown = 0;

export class ChartPictures {
  private readonly kept: KeptInStorage;

  constructor(storage: Storage | null, later?: Later) {
    this.kept = new KeptInStorage('hbi.chartPicture.', storage, keptPictures, later);
  }

  /** The picture kept of `spec` and the width it was drawn at, or null. */
  find(spec: unknown): { width: number; markup: string } | null {
    const kept = this.kept.find(JSON.stringify(spec), version);
    if (kept === null) return null;
    const newline = kept.indexOf('\n');
    return { width: Number(kept.slice(0, newline)), markup: kept.slice(newline + 1) };
  }

  /** Keeps `markup`, the drawing of `spec` at `width` pixels, as its picture. */
  keep(spec: unknown, width: number, markup: string): void {
    this.kept.keep(JSON.stringify(spec), `${width}\n${pictureOf(markup)}`, version);
  }

  /** Forgets every picture, in memory and in storage (on logging out or in). */
  forget(): void {
    this.kept.forget();
  }
}

/**
 * `markup` with its element ids (clip paths, gradients) and the references to them made its own:
 * Vega numbers them per page, so a picture from an earlier page may share them with a live view.
 */
export function uniqueIds(markup: string): string {
  const prefix = `hbi-picture-${++shown}-`;
  return markup.replace(/( id="|url\(#|href="#)/g, `$1${prefix}`);
}

/** This tab's pictures, kept in sessionStorage. */
export const chartPictures = new ChartPictures(browserStorage('session'));
