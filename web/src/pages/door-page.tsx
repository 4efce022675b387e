import { useEffect, useId, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import {
  CheckInConflictsDocument,
  CheckInCountChangedDocument,
  CheckInCountDocument,
  CheckInTicketDocument,
  ShowDetailsDocument,
  TicketManifestDocument,
  type TicketFieldsFragment,
} from '@showstream/client-ops';
import { LiveBadge } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError, type Problem } from '../graphql/errors.ts';
import { i18n, localeOf, useI18n } from '../i18n/index.ts';
import { formatDateTime, formatShortDateTime, type VenueClock } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { saveFile } from '../lib/save-file.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

const GATE_KEY = 'showstream.door.gate';

/** What the last scan said, in the words door staff act on. */
type Verdict =
  { admitted: true; ticket: TicketFieldsFragment } | { admitted: false; title: string; detail: string; code: string };

/** The refusals of `checkInTicket`, by their stable codes, as a person at a turnstile needs them (in the current language). */
function refusal(code: string, message: string, extensions: Record<string, unknown>, clock?: VenueClock): Verdict {
  const t = i18n.t.bind(i18n);
  const locale = localeOf(i18n.language);
  const first = extensions.firstCheckIn as { at?: string | null; gate?: string | null } | undefined;
  switch (code) {
    case 'ALREADY_USED':
      return {
        admitted: false,
        code,
        title: t('door.alreadyUsed'),
        detail: t('door.gotIn', {
          where: first?.gate ? t('door.atGate', { gate: first.gate }) : t('door.earlier'),
          when: first?.at ? `, ${formatShortDateTime(first.at, clock, locale)}` : '',
        }),
      };
    case 'TICKET_VOID':
      return { admitted: false, code, title: t('door.ticketVoid'), detail: message };
    case 'WRONG_SHOW':
      return { admitted: false, code, title: t('door.wrongShow'), detail: message };
    case 'INVALID_TICKET':
      return { admitted: false, code, title: t('door.invalid'), detail: t('door.invalidDetail') };
    case 'TICKET_EXPIRED':
      return { admitted: false, code, title: t('door.closed'), detail: message };
    case 'ADMISSION_NOT_OPEN':
      return {
        admitted: false,
        code,
        title: t('door.notOpen'),
        detail:
          typeof extensions.opensAt === 'string'
            ? t('door.opensAt', { when: formatShortDateTime(extensions.opensAt, clock, locale) })
            : message,
      };
    default:
      return { admitted: false, code, title: t('door.couldNotCheckIn'), detail: message };
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
  const { t, locale } = useI18n();
  usePageTitle(t('door.title'));
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
        <h1 id="door-title">{t('door.title')}</h1>
        <form
          className="card door__form"
          onSubmit={(event) => {
            event.preventDefault();
            navigate(`/door?show=${encodeURIComponent(showInput.trim())}`);
          }}
        >
          <label htmlFor={ids.show}>{t('door.showId')}</label>
          <input id={ids.show} value={showInput} onChange={(event) => setShowInput(event.target.value)} required />
          <button type="submit" className="button button--primary">
            {t('door.open')}
          </button>
        </form>
      </section>
    );
  }

  const details = show.data?.show;
  return (
    <section className="door" aria-labelledby="door-title">
      <h1 id="door-title">{details ? t('door.titleFor', { event: details.event.title }) : t('door.title')}</h1>
      {details && <p className="muted">{formatDateTime(details.startsAt, details.localStartsAt, locale)}</p>}
      <ProblemBanner
        problem={
          show.error ? describeError(show.error, 'load') : count.error ? describeError(count.error, 'load') : null
        }
      />
      <p className="door__count" aria-live="polite" data-testid="check-in-count">
        {tally ? (
          <Trans
            i18nKey="door.count"
            values={{ checkedIn: tally.checkedIn, admissible: tally.admissible }}
            components={{ strong: <strong /> }}
          />
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
        <label htmlFor={ids.gate}>{t('door.gate')}</label>
        <input
          id={ids.gate}
          value={gate}
          onChange={(event) => setGate(event.target.value)}
          maxLength={40}
          placeholder={t('door.gatePlaceholder')}
          required
        />
        <Camera onCode={(scanned) => void submit(scanned)} />
        <label htmlFor={ids.code}>{t('door.ticketCode')}</label>
        <textarea
          id={ids.code}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          rows={3}
          placeholder={t('door.codePlaceholder')}
          spellCheck={false}
          required
        />
        <button type="submit" className="button button--primary button--large" disabled={fetching}>
          {t('door.checkIn')}
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
              <strong>{t('door.admitOne')}</strong>
              <span>{t('door.seatAndRow', { seat: verdict.ticket.seatNumber, row: verdict.ticket.row })}</span>
            </>
          ) : (
            <>
              <strong>{verdict.title}</strong>
              <span>{verdict.detail}</span>
            </>
          )}
        </div>
      )}
      <OfflineDoor showId={showId} clock={show.data?.show?.localStartsAt} />
    </section>
  );
}

/**
 * For a door that may lose its connection: the show's signed ticket list to check against
 * meanwhile, and what offline scans uploaded later could not honour (a ticket used at two doors).
 */
function OfflineDoor({ showId, clock }: { showId: string; clock: VenueClock | undefined }) {
  const { t, locale } = useI18n();
  const client = useClient();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [conflicts] = useQuery({
    query: CheckInConflictsDocument,
    variables: { showId },
    requestPolicy: 'cache-and-network',
  });
  const downloadManifest = async () => {
    setProblem(null);
    const result = await client
      .query(TicketManifestDocument, { showId }, { requestPolicy: 'network-only' })
      .toPromise();
    if (result.error) return setProblem(describeError(result.error, 'load'));
    const manifest = result.data?.ticketManifest;
    if (manifest) saveFile(`tickets-${showId}.json`, 'application/json', JSON.stringify(manifest, null, 2));
  };
  const listed = conflicts.data?.checkInConflicts ?? [];
  return (
    <section className="card door__offline" aria-labelledby="door-offline-title">
      <h2 id="door-offline-title">{t('door.offlineTitle')}</h2>
      <p className="muted">{t('door.offlineIntro')}</p>
      <button type="button" className="button button--secondary" onClick={() => void downloadManifest()}>
        {t('door.downloadManifest')}
      </button>
      <ProblemBanner problem={problem ?? (conflicts.error ? describeError(conflicts.error, 'load') : null)} />
      <h3>{t('door.conflictsTitle')}</h3>
      {listed.length === 0 ? (
        <p className="muted">{t('door.noConflicts')}</p>
      ) : (
        <ul className="door__conflicts" data-testid="check-in-conflicts">
          {listed.map((conflict) => (
            <li key={`${conflict.ticketId}-${conflict.gate}-${conflict.scannedAt}`}>
              {t(conflict.reason === 'ALREADY_USED' ? 'door.conflictUsed' : 'door.conflictVoid', {
                seat: conflict.seatNumber,
                gate: conflict.gate,
                when: formatShortDateTime(conflict.scannedAt, clock, locale),
                firstGate: conflict.firstGate ?? '',
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Scans with the device camera where the browser can read QR codes; says so where it cannot. */
function Camera({ onCode }: { onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { t } = useI18n();
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
      .catch(() => setProblem(t('door.cameraFailed')));
    return () => {
      clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [on]);

  if (!Detector || !navigator.mediaDevices) {
    return <p className="muted door__camera-note">{t('door.noCamera')}</p>;
  }
  return (
    <div className="door__camera">
      <button type="button" className="button button--secondary" onClick={() => setOn(!on)}>
        {on ? t('door.stopCamera') : t('door.scan')}
      </button>
      {on && <video ref={video} className="door__video" muted playsInline />}
      {problem && <p className="muted">{problem}</p>}
    </div>
  );
}
