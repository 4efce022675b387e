import { useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import {
  CheckInCountChangedDocument,
  CheckInCountDocument,
  CheckInTicketDocument,
  ShowDetailsDocument,
  type TicketFieldsFragment,
} from '@showstream/client-ops';
import { LiveBadge } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError } from '../graphql/errors.ts';
import { formatDateTime, formatShortDateTime, type VenueClock } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

const GATE_KEY = 'showstream.door.gate';

/** What the last scan said, in the words door staff act on. */
type Verdict =
  { admitted: true; ticket: TicketFieldsFragment } | { admitted: false; title: string; detail: string; code: string };

/** The refusals of `checkInTicket`, by their stable codes, as a person at a turnstile needs them. */
function refusal(code: string, message: string, extensions: Record<string, unknown>, clock?: VenueClock): Verdict {
  const first = extensions.firstCheckIn as { at?: string | null; gate?: string | null } | undefined;
  switch (code) {
    case 'ALREADY_USED':
      return {
        admitted: false,
        code,
        title: 'Already used',
        detail: `This ticket got in ${first?.gate ? `at ${first.gate}` : 'earlier'}${first?.at ? `, ${formatShortDateTime(first.at, clock)}` : ''}.`,
      };
    case 'TICKET_VOID':
      return { admitted: false, code, title: 'Ticket void', detail: message };
    case 'WRONG_SHOW':
      return { admitted: false, code, title: 'Ticket for another show', detail: message };
    case 'INVALID_TICKET':
      return {
        admitted: false,
        code,
        title: 'Not a valid ticket',
        detail: 'The code is not a ticket ShowStream signed.',
      };
    case 'TICKET_EXPIRED':
      return { admitted: false, code, title: 'Admission closed', detail: message };
    case 'ADMISSION_NOT_OPEN':
      return {
        admitted: false,
        code,
        title: 'Doors not open yet',
        detail:
          typeof extensions.opensAt === 'string'
            ? `Doors open ${formatShortDateTime(extensions.opensAt, clock)}.`
            : message,
      };
    default:
      return { admitted: false, code, title: 'Could not check in', detail: message };
  }
}

interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

/** The browser's own QR reader (Chromium on Android and desktop), where there is one; otherwise staff paste the code. */
const barcodeDetector = () =>
  (globalThis as unknown as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;

/**
 * The door scanner (ADMIN and up): scan a ticket's QR code with the device camera, or paste the
 * code, for one show and gate; the show's check-in count follows live.
 */
export function DoorPage({ showId }: { showId: string | null }) {
  usePageTitle('Door');
  const [showInput, setShowInput] = useState(showId ?? '');
  const [gate, setGate] = useState(() => localStorage.getItem(GATE_KEY) ?? '');
  const [code, setCode] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [{ fetching }, checkIn] = useMutation(CheckInTicketDocument);
  const ids = { show: useId(), gate: useId(), code: useId() };

  const [show] = useQuery({ query: ShowDetailsDocument, variables: { id: showId ?? '' }, pause: !showId });
  const [count] = useQuery({
    query: CheckInCountDocument,
    variables: { showId: showId ?? '' },
    pause: !showId,
    requestPolicy: 'cache-and-network',
  });
  const [live] = useSubscription({
    query: CheckInCountChangedDocument,
    variables: { showId: showId ?? '' },
    pause: !showId,
  });
  const tally = live.data?.checkInCountChanged ?? count.data?.checkInCount;

  useEffect(() => localStorage.setItem(GATE_KEY, gate), [gate]);

  const submit = async (payload: string) => {
    if (!showId || !payload.trim() || !gate.trim()) return;
    const result = await checkIn({ showId, qrPayload: payload.trim(), gate: gate.trim() });
    const ticket = result.data?.checkInTicket;
    if (ticket) {
      setVerdict({ admitted: true, ticket });
      setCode('');
      return;
    }
    if (!result.error) return;
    const problem = describeError(result.error, 'save');
    const first = result.error.graphQLErrors[0];
    // Times in the venue's clock, like the show's own.
    const clock = show.data?.show?.localStartsAt;
    setVerdict(first ? refusal(problem.code, first.message, first.extensions, clock) : { admitted: false, ...problem });
  };

  if (!showId) {
    return (
      <section className="door" aria-labelledby="door-title">
        <h1 id="door-title">Door</h1>
        <form
          className="card door__form"
          onSubmit={(event) => {
            event.preventDefault();
            navigate(`/door?show=${encodeURIComponent(showInput.trim())}`);
          }}
        >
          <label htmlFor={ids.show}>Show ID</label>
          <input id={ids.show} value={showInput} onChange={(event) => setShowInput(event.target.value)} required />
          <button type="submit" className="button button--primary">
            Open the door
          </button>
        </form>
      </section>
    );
  }

  const details = show.data?.show;
  return (
    <section className="door" aria-labelledby="door-title">
      <h1 id="door-title">Door{details ? `: ${details.event.title}` : ''}</h1>
      {details && <p className="muted">{formatDateTime(details.startsAt, details.localStartsAt)}</p>}
      <ProblemBanner
        problem={
          show.error ? describeError(show.error, 'load') : count.error ? describeError(count.error, 'load') : null
        }
      />
      <p className="door__count" aria-live="polite" data-testid="check-in-count">
        {tally ? (
          <>
            <strong>{tally.checkedIn}</strong> of {tally.admissible} in
          </>
        ) : (
          '…'
        )}{' '}
        <LiveBadge />
      </p>
      <form
        className="card door__form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(code);
        }}
      >
        <label htmlFor={ids.gate}>Gate</label>
        <input
          id={ids.gate}
          value={gate}
          onChange={(event) => setGate(event.target.value)}
          maxLength={40}
          placeholder="e.g. Gate 3"
          required
        />
        <Camera onCode={(scanned) => void submit(scanned)} />
        <label htmlFor={ids.code}>Ticket code</label>
        <textarea
          id={ids.code}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          rows={3}
          placeholder="Paste the code a scanner read"
          spellCheck={false}
          required
        />
        <button type="submit" className="button button--primary button--large" disabled={fetching}>
          Check in
        </button>
      </form>
      {verdict && (
        <div
          className={`door__verdict ${verdict.admitted ? 'door__verdict--in' : 'door__verdict--refused'}`}
          role="status"
          data-testid="door-verdict"
        >
          {verdict.admitted ? (
            <>
              <strong>Admit one</strong>
              <span>
                Seat {verdict.ticket.seatNumber} · Row {verdict.ticket.row}
              </span>
            </>
          ) : (
            <>
              <strong>{verdict.title}</strong>
              <span>{verdict.detail}</span>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** Scans with the device camera where the browser can read QR codes; says so where it cannot. */
function Camera({ onCode }: { onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const Detector = barcodeDetector();

  useEffect(() => {
    if (!on || !Detector) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let last = '';
    const detector = new Detector({ formats: ['qr_code'] });
    void navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (opened) => {
        stream = opened;
        if (!video.current) return;
        video.current.srcObject = opened;
        await video.current.play();
        timer = setInterval(() => {
          if (!video.current) return;
          void detector.detect(video.current).then((codes) => {
            const found = codes[0]?.rawValue;
            // The same code stays in view for a while: one check-in per code shown.
            if (found && found !== last) {
              last = found;
              onCode(found);
            }
          });
        }, 300);
      })
      .catch(() => setProblem('The camera could not be opened; paste the code instead.'));
    return () => {
      clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [on]);

  if (!Detector || !navigator.mediaDevices) {
    return (
      <p className="muted door__camera-note">
        This browser cannot read QR codes from the camera: paste the code below.
      </p>
    );
  }
  return (
    <div className="door__camera">
      <button type="button" className="button button--secondary" onClick={() => setOn(!on)}>
        {on ? 'Stop camera' : 'Scan with camera'}
      </button>
      {on && <video ref={video} className="door__video" muted playsInline />}
      {problem && <p className="muted">{problem}</p>}
    </div>
  );
}
