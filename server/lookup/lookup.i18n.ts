import type { Language } from '../../emails/i18n/locale.ts';
import type { TrackingStatus } from '../../domain/tracking/tracker-snapshot.ts';

// What the lookup answer and page say about a parcel, in the shopper's language: a status label and
// an honest "what happens next", in each of the languages of emails/i18n/locale.ts.

type StatusText = Record<TrackingStatus, { label: string; next: string }>;

// Carrier words that change what the shopper is told (see ShopperLabel in easypost-vocabulary.ts).
type DetailText = Record<'lost' | 'damaged' | 'refused', { label: string; next: string }>;

export interface LookupMessages {
  status: StatusText;
  detail: DetailText;
  delayed: { label: string; next: string };
  // No news for so long that the shop treats the parcel as lost (a presumed-lost case is open).
  presumedLost: { label: string; next: string };
  actionNeeded: string;
}

const en: LookupMessages = {
  status: {
    unknown: { label: 'Waiting for the carrier', next: 'The carrier has not shared an update yet. We keep checking and will tell you as soon as it moves.' },
    pre_transit: { label: 'Label created', next: 'Your order is packed and labelled. The carrier has not picked it up yet.' },
    in_transit: { label: 'On its way', next: 'Your parcel is moving through the carrier’s network.' },
    out_for_delivery: { label: 'Out for delivery', next: 'It is on the van and should arrive today.' },
    available_for_pickup: { label: 'Ready for pickup', next: 'Your parcel is waiting at a pickup point. Bring your ID and the tracking number.' },
    delivered: { label: 'Delivered', next: 'The carrier says it was delivered. Not there? Check with neighbours and safe places, then tell us and we will help.' },
    return_to_sender: { label: 'Returning to the shop', next: 'The parcel is on its way back to us. Once it arrives we will refund or reship, whichever you prefer.' },
    failure: { label: 'Delivery failed', next: 'The carrier could not deliver it. We are looking into it and will contact you.' },
    cancelled: { label: 'Cancelled by the carrier', next: 'The carrier cancelled this shipment. We are looking into it and will contact you.' },
    error: { label: 'Tracking problem', next: 'We could not get tracking from the carrier just now. We are on it.' },
  },
  detail: {
    lost: { label: 'Lost by the carrier', next: 'The carrier reports that your parcel is lost. We have been told and will contact you about what happens next.' },
    damaged: { label: 'Damaged in transit', next: 'The carrier reports that your parcel was damaged on the way. We have been told and will contact you about what happens next.' },
    refused: { label: 'Refused at delivery', next: 'The carrier reports that the parcel was refused at delivery. We will contact you to sort it out.' },
  },
  delayed: { label: 'Delayed', next: 'We are sorry: your parcel is taking longer than it should. We are checking with the carrier and will keep you posted.' },
  presumedLost: {
    label: 'Presumed lost',
    next: 'There has been no news of your parcel for too long, so we now treat it as lost. We will contact you about a replacement or a refund, if we have not already. If it turns up, we will tell you.',
  },
  actionNeeded: 'Your parcel needs something from you: see the latest update below.',
};

const da: LookupMessages = {
  status: {
    unknown: { label: 'Venter på fragtfirmaet', next: 'Fragtfirmaet har ikke meldt noget endnu. Vi holder øje og giver besked, så snart pakken er på vej.' },
    pre_transit: { label: 'Label oprettet', next: 'Din ordre er pakket og klar. Fragtfirmaet har endnu ikke hentet den.' },
    in_transit: { label: 'På vej', next: 'Din pakke er på vej gennem fragtfirmaets netværk.' },
    out_for_delivery: { label: 'Ude til levering', next: 'Pakken er i bilen og bør nå frem i dag.' },
    available_for_pickup: { label: 'Klar til afhentning', next: 'Din pakke venter på et udleveringssted. Husk legitimation og sporingsnummer.' },
    delivered: { label: 'Leveret', next: 'Fragtfirmaet melder pakken leveret. Kan du ikke finde den? Spørg naboerne og tjek dit faste sted, og skriv så til os, så hjælper vi.' },
    return_to_sender: { label: 'På vej retur til butikken', next: 'Pakken er på vej tilbage til os. Når den er fremme, refunderer eller gensender vi, som du foretrækker.' },
    failure: { label: 'Levering mislykkedes', next: 'Fragtfirmaet kunne ikke levere pakken. Vi undersøger sagen og kontakter dig.' },
    cancelled: { label: 'Annulleret af fragtfirmaet', next: 'Fragtfirmaet har annulleret forsendelsen. Vi undersøger sagen og kontakter dig.' },
    error: { label: 'Problem med sporingen', next: 'Vi kunne ikke hente sporingen fra fragtfirmaet lige nu. Vi arbejder på det.' },
  },
  detail: {
    lost: { label: 'Bortkommet hos fragtfirmaet', next: 'Fragtfirmaet melder, at din pakke er bortkommet. Vi har fået besked og kontakter dig om, hvad der nu skal ske.' },
    damaged: { label: 'Beskadiget under transporten', next: 'Fragtfirmaet melder, at din pakke er blevet beskadiget undervejs. Vi har fået besked og kontakter dig om, hvad der nu skal ske.' },
    refused: { label: 'Afvist ved levering', next: 'Fragtfirmaet melder, at modtagelsen af pakken blev afvist. Vi kontakter dig for at finde en løsning.' },
  },
  delayed: { label: 'Forsinket', next: 'Vi beklager: din pakke er længere undervejs, end den burde. Vi tjekker med fragtfirmaet og holder dig opdateret.' },
  presumedLost: {
    label: 'Formodet bortkommet',
    next: 'Vi har ikke hørt nyt om din pakke i alt for lang tid, så vi regner den nu for bortkommet. Vi kontakter dig om en ny forsendelse eller en refusion, hvis vi ikke allerede har gjort det. Dukker den op, giver vi dig besked.',
  },
  actionNeeded: 'Din pakke kræver noget fra dig: se den seneste opdatering herunder.',
};

const fil: LookupMessages = {
  status: {
    unknown: { label: 'Hinihintay ang courier', next: 'Wala pang update mula sa courier. Patuloy naming binabantayan at sasabihan ka namin agad kapag umusad na.' },
    pre_transit: { label: 'Nagawa na ang label', next: 'Naka-pack na at may label ang order mo. Hindi pa ito nakukuha ng courier.' },
    in_transit: { label: 'Papunta na', next: 'Bumibiyahe na ang parcel mo sa network ng courier.' },
    out_for_delivery: { label: 'Ide-deliver na ngayon', next: 'Nasa sasakyan na ito at dapat dumating ngayong araw.' },
    available_for_pickup: { label: 'Handa nang kunin', next: 'Naghihintay ang parcel mo sa pickup point. Dalhin ang iyong ID at tracking number.' },
    delivered: { label: 'Naihatid na', next: 'Sabi ng courier, naihatid na ito. Wala pa sa iyo? Tanungin ang mga kapitbahay at tingnan ang ligtas na lugar, saka sabihan kami at tutulungan ka namin.' },
    return_to_sender: { label: 'Ibinabalik sa tindahan', next: 'Pabalik na sa amin ang parcel. Pagdating nito, ire-refund o ipapadala ulit namin, alinman ang gusto mo.' },
    failure: { label: 'Hindi naihatid', next: 'Hindi ito naihatid ng courier. Inaalam namin ang nangyari at kokontakin ka namin.' },
    cancelled: { label: 'Kinansela ng courier', next: 'Kinansela ng courier ang padala. Inaalam namin ang nangyari at kokontakin ka namin.' },
    error: { label: 'Problema sa tracking', next: 'Hindi namin makuha ang tracking mula sa courier ngayon. Inaasikaso na namin.' },
  },
  detail: {
    lost: { label: 'Nawala ng courier', next: 'Ayon sa courier, nawala ang parcel mo. Naabisuhan na kami at kokontakin ka namin tungkol sa susunod na gagawin.' },
    damaged: { label: 'Nasira sa biyahe', next: 'Ayon sa courier, nasira ang parcel mo habang nasa biyahe. Naabisuhan na kami at kokontakin ka namin tungkol sa susunod na gagawin.' },
    refused: { label: 'Tinanggihan sa delivery', next: 'Ayon sa courier, tinanggihan ang parcel nang i-deliver ito. Kokontakin ka namin para maayos ito.' },
  },
  delayed: { label: 'Naantala', next: 'Paumanhin: mas matagal kaysa dapat ang biyahe ng parcel mo. Kinakausap namin ang courier at babalitaan ka namin.' },
  presumedLost: {
    label: 'Posibleng nawala',
    next: 'Matagal na kaming walang balita tungkol sa parcel mo, kaya itinuturing na namin itong nawala. Kokontakin ka namin tungkol sa kapalit o refund, kung hindi pa namin nagagawa. Kapag lumitaw ito, sasabihan ka namin.',
  },
  actionNeeded: 'May kailangan kang gawin para sa parcel mo: tingnan ang pinakabagong update sa ibaba.',
};

export const lookupMessages: Record<Language, LookupMessages> = { en, da, fil };
