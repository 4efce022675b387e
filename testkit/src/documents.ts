import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS typed as an ES module: its default export is `.default` of what Node imports.
const jsQR = jsQRModule.default;

/**
 * What a person's phone would read off each page of a PDF: every page rendered by poppler's
 * `pdftoppm` (as a viewer would draw it) and its QR code decoded by jsQR. Null for a page without one.
 */
export function qrCodesInPdf(pdf: Buffer): (string | null)[] {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-qr-'));
  try {
    writeFileSync(join(dir, 'document.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', join(dir, 'document.pdf'), join(dir, 'page')]);
    return readdirSync(dir)
      .filter((file) => file.endsWith('.png'))
      .sort()
      .map((file) => qrCodeInPng(readFileSync(join(dir, file))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The QR code in a picture (a page, a screenshot of a screen), decoded; null when there is none. */
export function qrCodeInPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** The events of an iCalendar file as a calendar app reads them: each start as an instant, with the zone it was written in. */
export function calendarEvents(
  ics: string,
): { summary: string; start: Date; end: Date; timeZone: string; location: string }[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      summary: event.summary,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      timeZone: event.startDate.zone?.tzid ?? 'floating',
      location: event.location,
    };
  });
}
