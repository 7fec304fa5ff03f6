import { act, render, screen } from '@testing-library/react';
import { Suspense, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { lazyScreen } from './lazy-screen';

/** A screen with state of its own, counting its mounts. */
function counterScreen() {
  const mounts = { count: 0 };
  function Counter({ label }: { label: string }) {
    const [clicks, setClicks] = useState(() => {
      mounts.count++;
      return 0;
    });
    return (
      <button type="button" onClick={() => setClicks(clicks + 1)}>
        {label} {clicks}
      </button>
    );
  }
  return { Counter, mounts };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('lazyScreen', () => {
  it('suspends on a first render before its chunk is loaded, then shows the screen', async () => {
    const { Counter } = counterScreen();
    const chunk = deferred<typeof Counter>();
    const Screen = lazyScreen(() => chunk.promise);
    render(
      <Suspense fallback={<p>Đang mở…</p>}>
        <Screen label="Hộ" />
      </Suspense>,
    );
    expect(screen.getByText('Đang mở…')).toBeInTheDocument();
    await act(async () => chunk.resolve(Counter));
    expect(await screen.findByRole('button', { name: 'Hộ 0' })).toBeInTheDocument();
  });

  it('once preloaded, renders the screen in its first render: no "loading" frame at all', async () => {
    const { Counter } = counterScreen();
    const load = vi.fn(() => Promise.resolve(Counter));
    const Screen = lazyScreen(load);
    await Screen.preload();
    await Screen.preload();
    expect(load).toHaveBeenCalledTimes(1);
    const fallback = vi.fn(() => <p>Đang mở…</p>);
    function Fallback() {
      return fallback();
    }
    render(
      <Suspense fallback={<Fallback />}>
        <Screen label="Hộ" />
      </Suspense>,
    );
    // Synchronously after the first render, with no promise settled in between.
    expect(screen.getByRole('button', { name: 'Hộ 0' })).toBeInTheDocument();
    expect(fallback).not.toHaveBeenCalled();
  });

  it('keeps a screen mounted the lazy way when its chunk lands: new props do not remount it', async () => {
    const { Counter, mounts } = counterScreen();
    const chunk = deferred<typeof Counter>();
    const Screen = lazyScreen(() => chunk.promise);
    const { rerender } = render(
      <Suspense fallback={<p>Đang mở…</p>}>
        <Screen label="Hộ" />
      </Suspense>,
    );
    await act(async () => chunk.resolve(Counter));
    act(() => screen.getByRole('button', { name: 'Hộ 0' }).click());
    rerender(
      <Suspense fallback={<p>Đang mở…</p>}>
        <Screen label="Nhà" />
      </Suspense>,
    );
    // The click survived the re-render: the same component instance, mounted once.
    expect(screen.getByRole('button', { name: 'Nhà 1' })).toBeInTheDocument();
    expect(mounts.count).toBe(1);
  });

  it('tries the chunk again after a failed preload (offline with the chunk missing)', async () => {
    const { Counter } = counterScreen();
    const load = vi
      .fn<() => Promise<typeof Counter>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValueOnce(Counter);
    const Screen = lazyScreen(load);
    await expect(Screen.preload()).rejects.toThrow('Failed to fetch');
    await expect(Screen.preload()).resolves.toBe(Counter);
    expect(load).toHaveBeenCalledTimes(2);
    render(<Screen label="Hộ" />);
    expect(screen.getByRole('button', { name: 'Hộ 0' })).toBeInTheDocument();
  });
});
