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

  it('fails on a missing variable instead of leaving a gap', () => {
    expect(() => renderTemplate('Hi {{firstName}}', {})).toThrow(TemplateRenderError);
  });
});
