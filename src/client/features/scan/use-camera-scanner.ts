/**
 * The camera's life on the scan screen. It runs only while the screen is
 * mounted and the page is visible: hiding the page (switching apps, locking
 * the phone, opening the photo picker) turns the camera and its light off,
 * and showing it again starts it again. Starts and stops are chained, so a
 * quick hide/show (or React's double effects in development) never has two
 * scanners fighting over the same element.
 *
 * Each start draws into an element of its own inside the frame, which React
 * does not manage. When the camera stops, that element is moved out of the
 * frame (still in the page, out of sight) until the camera is off: the frame
 * may be leaving the page with the screen, and a video taken out of the page
 * while it starts makes the browser interrupt it with an error.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { CameraError, startScanner, type CameraChoice, type ScannerHandle } from '../../lib/qr-scanner';
import type { CameraTrouble } from './scan-messages';

function subscribeVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

const pageVisible = () => document.visibilityState !== 'hidden';

/**
 * The cameras, read once one runs (permission granted, so they have labels).
 * Not the scanner's listCameras(): that opens a second stream to ask for
 * permission, which a phone whose camera is already open may refuse.
 */
async function videoInputs(): Promise<CameraChoice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((device) => device.kind === 'videoinput' && device.deviceId !== '')
    .map((device) => ({ id: device.deviceId, label: device.label }));
}

export interface CameraScanner {
  /** Why the camera is off, or null while it runs or starts. */
  trouble: CameraTrouble | null;
  /** The cameras to choose from (filled once the camera runs, when the labels are known). */
  cameras: CameraChoice[];
  /** The camera in use, when the browser tells. */
  cameraId: string | undefined;
  chooseCamera(cameraId: string): void;
  torchAvailable: boolean;
  torchOn: boolean;
  toggleTorch(): void;
  /** Tries the camera again after a problem (the member allowed it, closed the other app). */
  retry(): void;
}

/** Keeps a stopping camera's element in the page, out of sight, until it is off; then removes it. */
function parkUntil(host: HTMLElement, stopped: Promise<unknown>): Promise<unknown> {
  host.className = 'scan-parked';
  document.body.append(host);
  return stopped.finally(() => host.remove());
}

export function useCameraScanner(frame: RefObject<HTMLElement | null>, onDecoded: (text: string) => void): CameraScanner {
  const visible = useSyncExternalStore(subscribeVisibility, pageVisible, () => true);
  const [chosenCamera, setChosenCamera] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [trouble, setTrouble] = useState<CameraTrouble | null>(null);
  const [cameras, setCameras] = useState<CameraChoice[]>([]);
  const [cameraId, setCameraId] = useState<string | undefined>(undefined);
  const [torchAvailable, setTorchAvailable] = useState(false);
  const [torchOn, setTorchOn] = useState(false);
  const handle = useRef<ScannerHandle | null>(null);
  const lastStop = useRef<Promise<unknown>>(Promise.resolve());
  const decoded = useRef(onDecoded);
  useEffect(() => {
    decoded.current = onDecoded;
  }, [onDecoded]);

  const running = visible && trouble === null;
  // A layout effect: on leaving the screen its clean-up runs while the frame is still in the page.
  useLayoutEffect(() => {
    const frameElement = frame.current;
    if (!running || !frameElement) return undefined;
    const host = document.createElement('div');
    frameElement.append(host);
    const controller = new AbortController();
    const started = lastStop.current.then(async () => {
      if (controller.signal.aborted) return null;
      return startScanner(host, {
        cameraId: chosenCamera,
        signal: controller.signal,
        onDecoded: (text) => decoded.current(text),
        onError: (error) => {
          if (!controller.signal.aborted) setTrouble(error.reason);
        },
      });
    });
    started.then(
      (scanner) => {
        if (!scanner || controller.signal.aborted) return;
        handle.current = scanner;
        setCameraId(scanner.cameraId);
        setTorchAvailable(scanner.torch.available);
        setTorchOn(false);
        videoInputs().then(setCameras, (error: unknown) => console.warn('camera list unavailable', error));
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof CameraError) {
          setTrouble(error.reason);
        } else {
          console.error('the camera could not start', error);
          setTrouble('unknown');
        }
      },
    );
    return () => {
      controller.abort();
      handle.current = null;
      setTorchAvailable(false);
      // A start that failed has nothing to stop (its error is shown above).
      const stopped = started
        .then((scanner) => scanner?.stop(), () => undefined)
        .catch((error: unknown) => console.warn('the camera did not stop cleanly', error));
      lastStop.current = parkUntil(host, stopped);
    };
  }, [frame, running, chosenCamera, attempt]);

  const chooseCamera = useCallback((id: string) => setChosenCamera(id), []);
  const retry = useCallback(() => {
    setTrouble(null);
    setAttempt((count) => count + 1);
  }, []);
  const toggleTorch = useCallback(() => {
    const scanner = handle.current;
    if (!scanner) return;
    const next = !torchOn;
    scanner.torch.set(next).then(
      () => setTorchOn(next),
      (error: unknown) => console.warn('torch unavailable', error),
    );
  }, [torchOn]);

  return { trouble, cameras, cameraId: chosenCamera ?? cameraId, chooseCamera, torchAvailable, torchOn, toggleTorch, retry };
}
