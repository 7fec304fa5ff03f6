/**
 * The QR SVG of each plaque's URL, made on the phone (no network: the
 * generator is a precached chunk). Keyed by the codes themselves, so a sync
 * that only bumps the records' versions does not redraw the sheets.
 */
import { useEffect, useState } from 'react';
import { plaqueUrl } from '../../../shared/plaque-code';
import { qrSvgs } from '../../lib/qr-svg';

export type QrState = { status: 'loading' } | { status: 'ready'; svgs: Map<string, string> } | { status: 'failed' };

export function useQrSvgs(codes: readonly string[] | undefined): QrState {
  const key = codes?.join('\n');
  const [state, setState] = useState<{ key: string | undefined; value: QrState }>({ key: undefined, value: { status: 'loading' } });

  useEffect(() => {
    if (key === undefined) return undefined;
    let cancelled = false;
    const list = key === '' ? [] : key.split('\n');
    const origin = window.location.origin;
    qrSvgs(list.map((code) => plaqueUrl(origin, code)))
      .then((svgs) => {
        if (!cancelled) setState({ key, value: { status: 'ready', svgs: new Map(list.map((code, i) => [code, svgs[i]!])) } });
      })
      .catch((error: unknown) => {
        console.error('QR codes could not be made', error);
        if (!cancelled) setState({ key, value: { status: 'failed' } });
      });
    return () => {
      cancelled = true;
    };
  }, [key]);

  return state.key === key ? state.value : { status: 'loading' };
}
