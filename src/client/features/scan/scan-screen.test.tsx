import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { currentPath, openScreenDatabase } from '../../../../tests/support/screens';
import { formatPlaqueCode, plaqueUrl } from '../../../shared/plaque-code';
import type { GoCuaDatabase } from '../../data/database';
import { CameraError, decodeImageFile, ImageDecodeError, startScanner, type ScannerHandle, type ScannerOptions } from '../../lib/qr-scanner';
import { ScanScreen } from './scan-screen';

// The camera and the decoder are html5-qrcode's (tested in Chromium by tests/e2e/scan.spec.ts); here they are stand-ins.
vi.mock('../../lib/qr-scanner', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/qr-scanner')>()),
  startScanner: vi.fn(),
  decodeImageFile: vi.fn(),
}));

const CODE = formatPlaqueCode({ prefix: 'DH', number: 1234 }); // DH-1234-4

let db: GoCuaDatabase;
/** What the screen asked the camera for, start after start. */
let starts: ScannerOptions[];
let stop: Mock<() => Promise<void>>;
let visibility: DocumentVisibilityState;

beforeEach(async () => {
  db = await openScreenDatabase();
  window.history.replaceState(null, '', '/scan');
  starts = [];
  stop = vi.fn(async () => undefined);
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  cameraWorks();
});

/** The camera starts (and records what it was asked), with or without a torch. */
function cameraWorks(torch: ScannerHandle['torch'] = { available: false, set: async () => undefined }) {
  vi.mocked(startScanner).mockImplementation(async (_target, options) => {
    starts.push(options);
    return { cameraId: 'rear', torch, stop };
  });
}

afterEach(() => {
  db.close();
});

/** The camera sees `text` (the scanner calls back once per frame). */
function cameraSees(text: string) {
  act(() => starts.at(-1)!.onDecoded(text));
}

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

function typeCode(text: string) {
  fireEvent.change(screen.getByLabelText('Mã in trên biển'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Mở hộ có mã này' }));
}

describe('ScanScreen: typing the code', () => {
  it('refuses a mistyped code with the check-character message and opens nothing', async () => {
    render(<ScanScreen />);
    const input = screen.getByLabelText('Mã in trên biển');
    expect(input).toHaveAttribute('inputmode', 'text');
    expect(input).toHaveAttribute('autocapitalize', 'characters');
    typeCode('DH-1243-4');
    expect(await screen.findByText('Mã bị gõ sai (ký tự kiểm tra không khớp) — kiểm tra lại từng ký tự.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(currentPath()).toBe('/scan');
  });

  it('says what a code looks like when it is too short', async () => {
    render(<ScanScreen />);
    typeCode('DH-12');
    expect(await screen.findByText(/Mã chưa đủ hoặc sai dạng/)).toBeInTheDocument();
    expect(currentPath()).toBe('/scan');
  });

  it('opens a good code typed loosely (lower case, spaces for hyphens)', async () => {
    render(<ScanScreen />);
    typeCode('dh 1234 4');
    await waitFor(() => expect(currentPath()).toBe(`/p/${CODE}`));
  });
});

describe('ScanScreen: the camera', () => {
  it('opens a plaque URL of this app', async () => {
    render(<ScanScreen />);
    await waitFor(() => expect(starts).toHaveLength(1));
    cameraSees(plaqueUrl(window.location.origin, CODE));
    expect(currentPath()).toBe(`/p/${CODE}`);
  });

  it('names a bank QR, opens nothing and keeps scanning', async () => {
    render(<ScanScreen />);
    await waitFor(() => expect(starts).toHaveLength(1));
    cameraSees('00020101021138570010A000000727012700069704220113VQRQ0001');
    expect(await screen.findByText(/Đây là mã QR thanh toán \(ngân hàng, ví điện tử\)/)).toHaveTextContent('Không mở gì cả.');
    expect(currentPath()).toBe('/scan');
    expect(stop).not.toHaveBeenCalled();
  });

  it('names another site and shows its host, even for a plaque-shaped path', async () => {
    render(<ScanScreen />);
    await waitFor(() => expect(starts).toHaveLength(1));
    cameraSees(`https://lua-dao.example/p/${CODE}`);
    expect(await screen.findByText(/Đây là đường dẫn tới trang khác \(lua-dao\.example\)/)).toBeInTheDocument();
    expect(currentPath()).toBe('/scan');
  });

  it('shows plain text as a short preview', async () => {
    render(<ScanScreen />);
    await waitFor(() => expect(starts).toHaveLength(1));
    cameraSees('Chúc mừng năm mới');
    expect(await screen.findByText(/Mã QR này chứa chữ “Chúc mừng năm mới”/)).toBeInTheDocument();
  });

  it('turns the camera off when leaving the screen', async () => {
    const { unmount } = render(<ScanScreen />);
    await waitFor(() => expect(starts).toHaveLength(1));
    unmount();
    await waitFor(() => expect(stop).toHaveBeenCalled());
  });

  it('turns the camera off while the page is hidden, and on again when it shows', async () => {
    render(<ScanScreen />);
    await waitFor(() => expect(starts).toHaveLength(1));
    setVisibility('hidden');
    await waitFor(() => expect(stop).toHaveBeenCalledTimes(1));
    expect(starts).toHaveLength(1);
    setVisibility('visible');
    await waitFor(() => expect(starts).toHaveLength(2));
  });

  it('offers the torch where the camera has one', async () => {
    const set = vi.fn(async (_on: boolean) => undefined);
    cameraWorks({ available: true, set });
    render(<ScanScreen />);
    const torch = await screen.findByRole('button', { name: /Đèn pin/ });
    expect(torch).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(torch);
    await waitFor(() => expect(torch).toHaveAttribute('aria-pressed', 'true'));
    expect(set).toHaveBeenCalledWith(true);
  });

  it('offers a camera picker when the phone has more than one, and restarts with the chosen camera', async () => {
    const devices = [
      { kind: 'videoinput', deviceId: 'front', label: 'Camera trước' },
      { kind: 'videoinput', deviceId: 'rear', label: 'Camera sau' },
      { kind: 'audioinput', deviceId: 'mic', label: 'Micro' },
    ];
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { enumerateDevices: async () => devices } });
    try {
      render(<ScanScreen />);
      const picker = await screen.findByLabelText('Chọn camera');
      expect([...picker.querySelectorAll('option')].map((option) => option.textContent)).toEqual(['Camera trước', 'Camera sau']);
      expect(picker).toHaveValue('rear');
      fireEvent.change(picker, { target: { value: 'front' } });
      await waitFor(() => expect(starts).toHaveLength(2));
      expect(starts[1]!.cameraId).toBe('front');
      expect(stop).toHaveBeenCalledTimes(1);
    } finally {
      Reflect.deleteProperty(navigator, 'mediaDevices');
    }
  });

  it('explains how to allow a denied camera, and keeps the photo and typing', async () => {
    vi.mocked(startScanner).mockRejectedValue(new CameraError('denied', 'NotAllowedError: Permission denied'));
    render(<ScanScreen />);
    expect(await screen.findByRole('alert')).toHaveTextContent(/chưa được phép dùng camera.*Camera → Cho phép/);
    expect(screen.getByLabelText(/Quét từ ảnh/)).toHaveAttribute('type', 'file');
    expect(screen.getByLabelText(/Quét từ ảnh/)).toHaveAttribute('accept', 'image/*');
    expect(screen.getByLabelText('Mã in trên biển')).toBeInTheDocument();

    // Allowed in the browser's settings, then "try again".
    cameraWorks();
    fireEvent.click(screen.getByRole('button', { name: 'Thử lại camera' }));
    await waitFor(() => expect(starts).toHaveLength(1));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says another app holds the camera', async () => {
    vi.mocked(startScanner).mockRejectedValue(new CameraError('in_use', 'NotReadableError'));
    render(<ScanScreen />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Camera đang được ứng dụng khác dùng');
  });
});

describe('ScanScreen: a photo', () => {
  function choosePhoto() {
    const photo = new File(['not really a png'], 'plaque.png', { type: 'image/png' });
    fireEvent.change(screen.getByLabelText(/Quét từ ảnh/), { target: { files: [photo] } });
    return photo;
  }

  it('opens the plaque in the photo', async () => {
    vi.mocked(decodeImageFile).mockResolvedValue(plaqueUrl(window.location.origin, CODE));
    render(<ScanScreen />);
    const photo = choosePhoto();
    await waitFor(() => expect(currentPath()).toBe(`/p/${CODE}`));
    expect(decodeImageFile).toHaveBeenCalledWith(photo);
  });

  it('says when there is no QR code in the photo', async () => {
    vi.mocked(decodeImageFile).mockRejectedValue(new ImageDecodeError('no_code', 'No MultiFormat Readers were able to detect the code.'));
    render(<ScanScreen />);
    choosePhoto();
    expect(await screen.findByText(/Không thấy mã QR trong ảnh/)).toBeInTheDocument();
    expect(currentPath()).toBe('/scan');
  });
});
