import { describe, expect, it } from '@jest/globals';
import { renderTemplate, templateVariables, TemplateRenderError, TemplateSyntaxError } from './template-renderer.ts';

describe('templateVariables', () => {
  it('finds the variables of the message context, not of helpers or each-items', () => {
    expect(
      templateVariables(
        'Hi {{firstName}}, {{reference}}: {{join seats}} for {{money amount}}{{#if note}} ({{note.text}}){{/if}}',
      ),
    ).toEqual(['amount', 'firstName', 'note', 'reference', 'seats']);
    expect(templateVariables('{{#each seats}}{{this}} {{row}}{{/each}}{{@index}}')).toEqual(['seats']);
  });

  it('refuses unknown helpers, partials and text that does not parse', () => {
    expect(() => templateVariables('{{shout name}}')).toThrow(TemplateSyntaxError);
    expect(() => templateVariables('{{> footer}}')).toThrow(TemplateSyntaxError);
    expect(() => templateVariables('{{#if x}}open')).toThrow(TemplateSyntaxError);
  });
});

describe('renderTemplate', () => {
  it('renders plain text with money and lists, unescaped', () => {
    expect(
      renderTemplate('{{reference}} <{{join seats " & "}}> {{money amount}}', {
        reference: 'SS-1',
        seats: ['A1', 'A2'],
        amount: { amountMinor: 123450, currency: 'INR' },
      }),
    ).toBe('SS-1 <A1 & A2> ₹1,234.50');
  });

  it("writes money in its currency's own minor units: no decimals for yen, three for dinars", () => {
    const money = (amountMinor: number, currency: string) =>
      renderTemplate('{{money amount}}', { amount: { amountMinor, currency } });
    expect(money(2_500, 'JPY')).toBe('JP¥2,500');
    expect(money(2_500, 'USD')).toBe('$25.00');
    expect(money(3_125, 'KWD')).toBe('KWD\u00a03.125');
  });

  it("writes a show's time on the venue's clock, in the template's language", () => {
    const show = { startsAt: '2026-12-05T04:30:00.000Z', timeZone: 'Asia/Kolkata' };
    expect(renderTemplate('{{time startsAt timeZone}}', show)).toBe('Sat, 5 Dec, 2026, 10:00 am IST');
    expect(renderTemplate('{{time startsAt timeZone}}', show, 'hi')).toBe('शनि, 5 दिस॰ 2026, 10:00 am IST');
    expect(renderTemplate('{{time startsAt timeZone}}', { ...show, timeZone: 'Europe/London' })).toBe(
      'Sat, 5 Dec, 2026, 4:30 am GMT',
    );
    expect(templateVariables('{{time startsAt timeZone}}')).toEqual(['startsAt', 'timeZone']);
  });

  it('fails on a missing variable instead of leaving a gap', () => {
    expect(() => renderTemplate('Hi {{firstName}}', {})).toThrow(TemplateRenderError);
  });
});
