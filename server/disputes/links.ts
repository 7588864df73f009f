// The shopper's pages of a not-received case, reached from emails and from the lookup page:
//   /track/<lookup token>/parcels/<shipment id>/not-received   guidance, then "still not here"
//   /address/<address token>                                  confirm the address, or correct it
// Lookup tokens are the signed 'track' links of the lookup page; address tokens name the case.

export const ADDRESS_LINK_PURPOSE = 'address';

export function notReceivedPath(trackToken: string, shipmentId: string): string {
  return `/track/${trackToken}/parcels/${shipmentId}/not-received`;
}

export function addressCheckPath(addressToken: string): string {
  return `/address/${addressToken}`;
}
