/**
 * The A4 sheets: 8 plaques a page (2 × 4, each 90 × 65 mm inside a dashed
 * cut line), laid out in millimetres so the printout has the real size;
 * on screen the same sheets are shown scaled down (styles.css, "plaques").
 * A plaque carries the QR (the opaque code's URL), the code in large type
 * (it is read aloud and typed), the village, the app's name and, once it
 * belongs to a household, where the house is — never a name or a phone.
 */
import type { Plaque } from '../../../shared/plaque';
import type { PlaqueAddress } from './plaque-runs';

export const PLAQUES_PER_PAGE = 8;

/** Longer codes (big numbers, three-letter prefixes) lose the letter spacing so they stay on one line. */
const LONG_CODE = 11;

export interface PlaqueLabels {
  appName: string;
  villageName: string;
  plaque: (code: string) => string;
  qr: (code: string) => string;
  page: (page: number, pages: number) => string;
  address: (address: PlaqueAddress) => string;
}

export function pagesOf<T>(items: readonly T[], perPage = PLAQUES_PER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += perPage) pages.push(items.slice(start, start + perPage));
  return pages;
}

export function PlaqueSheets({
  plaques,
  svgs,
  addresses,
  labels,
}: {
  plaques: Plaque[];
  svgs: Map<string, string>;
  addresses: Map<string, PlaqueAddress>;
  labels: PlaqueLabels;
}) {
  const pages = pagesOf(plaques);
  return (
    <div className="plaque-sheets">
      {pages.map((page, index) => (
        <section key={page[0]!.id} className="plaque-sheet" aria-label={labels.page(index + 1, pages.length)}>
          {page.map((plaque) => {
            const address = plaque.householdId ? addresses.get(plaque.householdId) : undefined;
            const addressText = address ? labels.address(address) : '';
            return (
              <article key={plaque.id} className="plaque" aria-label={labels.plaque(plaque.code)}>
                {/* Markup made by the qrcode package from the plaque's own URL (lib/qr-svg.ts), not from user input. */}
                <div className="plaque-qr" role="img" aria-label={labels.qr(plaque.code)} dangerouslySetInnerHTML={{ __html: svgs.get(plaque.code) ?? '' }} />
                <div className="plaque-text">
                  <span className="plaque-app">{labels.appName}</span>
                  <span className="plaque-village">{labels.villageName}</span>
                  {addressText && <span className="plaque-address">{addressText}</span>}
                </div>
                <p className={plaque.code.length > LONG_CODE ? 'plaque-code plaque-code-long' : 'plaque-code'}>{plaque.code}</p>
              </article>
            );
          })}
        </section>
      ))}
    </div>
  );
}
