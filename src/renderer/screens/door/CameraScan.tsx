import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FRAME_WIDTH, FRAMES_PER_SECOND, qrReader } from './camera';

const CAMERA_KEY = 'lanyard.door.camera';

type CameraError = 'denied' | 'none' | 'failed';

/**
 * Scanning with a camera instead of a hand scanner: the chosen camera's picture, a few frames a second scaled down and
 * decoded (never while an answer is up or the window is hidden), each code found handed to the door like a scanner's.
 */
export function CameraScan({ onCode, paused }: { onCode: (code: string) => void; paused: boolean }) {
  const { t } = useTranslation();
  const [on, setOn] = useState(false);
  const [cameras, setCameras] = useState<Array<{ id: string; label: string }>>([]);
  const [deviceId, setDeviceId] = useState(() => localStorage.getItem(CAMERA_KEY) ?? '');
  const [error, setError] = useState<CameraError | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  // Read by the frame loop, which outlives renders.
  const latest = useRef({ onCode, paused });
  latest.current = { onCode, paused };

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void (async () => {
      try {
        const read = await qrReader();
        stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'environment' } });
        if (stopped) return;
        // Labels are known only once a camera is allowed.
        const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
        setCameras(devices.map((d, i) => ({ id: d.deviceId, label: d.label || t('scan.camera.numbered', { n: i + 1 }) })));
        const view = video.current!;
        view.srcObject = stream;
        await view.play();
        const canvas = document.createElement('canvas');
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        const frame = async () => {
          if (stopped) return;
          if (!latest.current.paused && document.visibilityState === 'visible' && view.videoWidth > 0) {
            const scale = Math.min(1, FRAME_WIDTH / view.videoWidth);
            canvas.width = Math.round(view.videoWidth * scale);
            canvas.height = Math.round(view.videoHeight * scale);
            context.drawImage(view, 0, 0, canvas.width, canvas.height);
            const code = await read(context.getImageData(0, 0, canvas.width, canvas.height));
            if (code !== null && !stopped) latest.current.onCode(code);
          }
          // The next frame after this one is decoded, never two at once.
          if (!stopped) timer = setTimeout(() => void frame(), 1_000 / FRAMES_PER_SECOND);
        };
        setError(null);
        void frame();
      } catch (e) {
        if (stopped) return;
        const name = e instanceof DOMException ? e.name : '';
        setError(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'none' : 'failed');
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [on, deviceId, t]);

  return (
    <div className="door-camera">
      <button type="button" className="button" aria-pressed={on} onClick={() => setOn(!on)}>
        {t(on ? 'scan.camera.off' : 'scan.camera.on')}
      </button>
      {on && (
        <>
          {cameras.length > 1 && (
            <label className="door-camera-choice">
              {t('scan.camera.choose')}
              <select
                value={deviceId}
                onChange={(e) => {
                  setDeviceId(e.target.value);
                  localStorage.setItem(CAMERA_KEY, e.target.value);
                }}
              >
                <option value="">{t('scan.camera.default')}</option>
                {cameras.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <video ref={video} className="door-camera-view" muted playsInline aria-label={t('scan.camera.view')} />
          {error && (
            <p className="error" role="status">
              {t(`scan.camera.${error}`)}
            </p>
          )}
        </>
      )}
    </div>
  );
}
