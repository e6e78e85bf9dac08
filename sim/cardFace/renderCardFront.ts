import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CodedError } from '../../foundation/CodedError.ts';
import type { CardProfile } from '../cardProfile/CardProfile.ts';
import { cardFrontText } from './cardFrontText.ts';
import { smudgeCardFront } from './smudgeCardFront.ts';

export class CardFrontError extends CodedError<'BROWSER_MISSING' | 'RENDER_FAILED'> {
  override readonly name = 'CardFrontError';
}

export interface CardFrontOptions {
  /** 券面汚損: opaque blobs over 生年月日, 有効期限 and セキュリティコード (a scan must fail cleanly). */
  smudged?: boolean;
}

/** What is printed: a profile and its 顔写真 (a LoadedCardProfile fits). */
export interface PrintedCard {
  profile: CardProfile;
  photo: Uint8Array;
}

/** Debian's Chromium, never a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';
/** The page's own origin: every request to it is answered from disk, every other request is refused. */
const ORIGIN = 'http://card-front.invalid';
const TEMPLATE = fileURLToPath(new URL('./cardFront.html', import.meta.url));
const FONT_DIR = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-jp/400.css'));

/**
 * The card front the simulator prints, as a 1011×638 PNG (85.6 × 54 mm at 300 dpi): an HTML template
 * (cardFront.html) rendered in headless Chromium with the self-hosted Noto Sans JP, the font the
 * screens use. Chromium rather than an SVG rasteriser: @resvg/resvg-js cannot read woff2 and renders
 * blank text (research §2.2). One renderer keeps one browser (~1 s to launch, ~0.3 s a card).
 */
export class CardFrontRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async open(): Promise<CardFrontRenderer> {
    if (!existsSync(CHROMIUM)) throw new CardFrontError('BROWSER_MISSING', `${CHROMIUM} is missing: the card front is rendered in Debian's Chromium. Install it with \`apt-get install -y chromium\`.`);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== ORIGIN) return route.abort('blockedbyclient');
        const file = url.pathname === '/' ? TEMPLATE : url.pathname.startsWith('/noto-sans-jp/') ? normalize(join(FONT_DIR, url.pathname.slice('/noto-sans-jp/'.length))) : null;
        if (!file || !file.startsWith(file === TEMPLATE ? TEMPLATE : FONT_DIR) || !existsSync(file)) return route.fulfill({ status: 404 });
        const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.css') ? 'text/css' : file.endsWith('.woff2') ? 'font/woff2' : 'application/octet-stream';
        return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
      });
      await page.goto(`${ORIGIN}/`);
      return new CardFrontRenderer(browser, page);
    } catch (error) {
      await browser.close();
      throw new CardFrontError('RENDER_FAILED', `The card-front page did not open: ${(error as Error).message}`, { cause: error });
    }
  }

  async render(card: PrintedCard, options: CardFrontOptions = {}): Promise<Uint8Array> {
    const text = cardFrontText(card.profile);
    const photo = `data:image/png;base64,${Buffer.from(card.photo).toString('base64')}`;
    let png: Buffer;
    try {
      const fonts = await this.page.evaluate((c) => (window as unknown as { showCard: (c: unknown) => Promise<number> }).showCard(c), { ...text, photo });
      if (fonts === 0) throw new CardFrontError('RENDER_FAILED', 'Noto Sans JP did not load: the card would print in a fallback font (reinstall @fontsource/noto-sans-jp with npm ci).');
      png = await this.page.locator('#card').screenshot({ type: 'png', omitBackground: false });
    } catch (error) {
      if (error instanceof CardFrontError) throw error;
      throw new CardFrontError('RENDER_FAILED', `The card front did not render: ${(error as Error).message}`, { cause: error });
    }
    return options.smudged ? smudgeCardFront(png) : new Uint8Array(png);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** One card front, launching and closing a browser for it (a CLI command; tests keep a CardFrontRenderer). */
export async function renderCardFront(card: PrintedCard, options: CardFrontOptions = {}): Promise<Uint8Array> {
  const renderer = await CardFrontRenderer.open();
  try {
    return await renderer.render(card, options);
  } finally {
    await renderer.close();
  }
}
