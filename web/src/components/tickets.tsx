import { useEffect, useState } from 'react';
import { useClient, useMutation } from 'urql';
import QRCode from 'qrcode';
import { ReissueTicketDocument, TicketDocumentsDocument, type TicketFieldsFragment } from '@showstream/client-ops';
import { ProblemBanner } from './problem.tsx';
import { saveFile } from '../lib/save-file.ts';
import { describeError, type Problem } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';
import { seatTypeName } from './seat-map-model.ts';

/** A QR code drawn in the browser from the ticket's signed payload: what the door scans. */
function TicketQr({ payload, label }: { payload: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    // Error correction M and a 4-module quiet zone, as on the PDF ticket: what turnstile scanners expect.
    void QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 }).then((drawn) => {
      if (current) setSvg(drawn);
    });
    return () => {
      current = false;
    };
  }, [payload]);
  return (
    <img
      className="ticket-card__qr"
      alt={label}
      width={220}
      height={220}
      src={svg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` : undefined}
    />
  );
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));

/**
 * A confirmed booking's tickets: one card per seat with its QR code (a valid one is what admits;
 * used and void ones say so), and the PDF and calendar entry to download.
 */
export function Tickets({ bookingId, tickets }: { bookingId: string; tickets: readonly TicketFieldsFragment[] }) {
  const client = useClient();
  const { t } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const live = tickets.filter((ticket) => ticket.status !== 'VOID');
  // A re-issued ticket takes its predecessor's place on the page; the old code is void from then on.
  const [replaced, setReplaced] = useState<Record<string, TicketFieldsFragment>>({});
  const [reissuing, reissueTicket] = useMutation(ReissueTicketDocument);
  const reissue = async (id: string) => {
    if (!window.confirm(t('tickets.reissueConfirm'))) return;
    const result = await reissueTicket({ id });
    if (result.error) return setProblem(describeError(result.error, 'save'));
    const ticket = result.data?.reissueTicket;
    if (ticket) setReplaced((current) => ({ ...current, [id]: ticket }));
  };

  const download = async (kind: 'pdf' | 'ics') => {
    setBusy(true);
    setProblem(null);
    const result = await client
      .query(TicketDocumentsDocument, { bookingId }, { requestPolicy: 'network-only' })
      .toPromise();
    setBusy(false);
    if (result.error) return setProblem(describeError(result.error, 'load'));
    const files = result.data?.booking?.ticketDocuments;
    if (!files)
      return setProblem({
        code: 'NOT_FOUND',
        title: t('tickets.noneTitle'),
        detail: t('tickets.noneDetail'),
      });
    if (kind === 'pdf') saveFile(`${files.fileName}.pdf`, 'application/pdf', bytesOf(files.pdfBase64));
    else saveFile(`${files.fileName}.ics`, 'text/calendar', files.calendar);
  };

  return (
    <section className="tickets" aria-labelledby="tickets-title">
      <h3 id="tickets-title">{t('tickets.title')}</h3>
      <p className="muted">{t('tickets.intro')}</p>
      <div className="tickets__actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void download('pdf')}>
          {t('tickets.downloadPdf')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void download('ics')}>
          {t('tickets.addToCalendar')}
        </button>
      </div>
      <ProblemBanner problem={problem} />
      <ul className="tickets__list">
        {live
          .map((issued) => replaced[issued.id] ?? issued)
          .map((ticket) => (
            <li key={ticket.id} className="ticket-card" data-ticket={ticket.id} data-status={ticket.status}>
              <div className="ticket-card__seat">
                <strong>{t('tickets.seat', { seat: ticket.seatNumber })}</strong>
                <span className="muted">
                  {t('tickets.rowAndType', { row: ticket.row, type: seatTypeName(ticket.seatType) })}
                </span>
              </div>
              {ticket.status === 'VALID' ? (
                <>
                  <TicketQr payload={ticket.qrPayload} label={t('tickets.qr', { seat: ticket.seatNumber })} />
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    disabled={reissuing.fetching}
                    onClick={() => void reissue(ticket.id)}
                  >
                    {t('tickets.reissue')}
                  </button>
                </>
              ) : (
                <p className="ticket-card__used">
                  {ticket.gate ? t('tickets.usedAt', { gate: ticket.gate }) : t('tickets.used')}
                </p>
              )}
            </li>
          ))}
      </ul>
    </section>
  );
}
