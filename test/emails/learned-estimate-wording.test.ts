import { expect } from 'chai';
import { renderEmail } from '../../emails/render.ts';
import { sampleBranding, sampleProps, sampleUnsubscribeUrl } from '../../emails/samples.ts';

// A date learned from the shop's own deliveries is never worded as the carrier's promise, in any of
// the three languages.
describe('emails with a learned delivery estimate', () => {
  const usual = new Date('2026-11-27T00:00:00Z');
  const wording = {
    en: { carrier: 'Expected delivery:', learned: 'From our recent deliveries, parcels like this one usually arrive by', lateLearned: 'Parcels like this one usually arrive by' },
    da: { carrier: 'Forventet levering:', learned: 'Ud fra vores seneste leveringer plejer pakker som denne', lateLearned: 'Pakker som denne plejer at være fremme senest' },
    fil: { carrier: 'Inaasahang darating:', learned: 'Batay sa mga kamakailang padala namin', lateLearned: 'Karaniwang dumarating ang ganitong parcel hanggang' },
  };

  for (const [locale, words] of Object.entries(wording)) {
    it(`says "usually arrives by" in ${locale}, and "expected" only for the carrier's date`, async () => {
      const shipped = (estimateSource: 'carrier' | 'learned') =>
        renderEmail({ kind: 'shipped', locale, props: { ...sampleProps.shipped, estimatedDelivery: usual, estimateSource }, branding: sampleBranding, unsubscribeUrl: sampleUnsubscribeUrl });
      const learned = await shipped('learned');
      expect(learned.text).to.include(words.learned);
      expect(learned.text).not.to.include(words.carrier);
      expect((await shipped('carrier')).text).to.include(words.carrier);

      const late = await renderEmail({
        kind: 'delayed',
        locale,
        props: { ...sampleProps.delayed, reason: 'late', expectedBy: usual, estimateSource: 'learned' },
        branding: sampleBranding,
        unsubscribeUrl: sampleUnsubscribeUrl,
      });
      expect(late.text).to.include(words.lateLearned);
      expect(late.html).to.include(words.lateLearned);
    });
  }
});
