/**
 * React.lazy for a screen, plus preload(). A plain lazy component suspends on
 * its first render even when its chunk is already loaded (the import()
 * promise settles a tick later), and React then keeps its "loading" fallback
 * on screen for up to 300 ms (its fallback throttle): the first household
 * opened after start took ~400 ms at 4× CPU throttling, later ones ~60 ms
 * (npm run bench: open a household). Once preloaded, the screen renders its
 * component directly, with no fallback frame at all.
 */
import { lazy, useState, type ComponentType } from 'react';

export interface LazyScreen<P extends object> {
  (props: P): React.JSX.Element;
  /** Loads the screen's chunk; later mounts render without suspending. */
  preload(): Promise<unknown>;
}

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        // Offline with the chunk missing, say: the next attempt imports again.
        loading = undefined;
        throw error;
      },
    ));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));

  function Screen(props: P) {
    // Chosen once per mount: turning from Lazy into the component on a later render would remount the screen and lose its state.
    const [Component] = useState<ComponentType<P>>(() => loaded ?? (Lazy as unknown as ComponentType<P>));
    return <Component {...props} />;
  }
  Screen.preload = preload;
  return Screen;
}
