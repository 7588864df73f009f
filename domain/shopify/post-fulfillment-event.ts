import { findFulfillmentEventPost, markFulfillmentEventFailed, markFulfillmentEventPosted } from '../../db/fulfillment-event-posts.repository.ts';
import type { DomainContext } from '../context.ts';

// Posts one recorded fulfillment event (write-back.ts) to Shopify. A crash between Shopify's answer
// and the mark below can post it a second time; nothing else can.
export async function postFulfillmentEvent({ db, shopify, logger }: Pick<DomainContext, 'db' | 'shopify' | 'logger'>, postId: string): Promise<void> {
  const post = await findFulfillmentEventPost(db, postId);
  if (!post || post.posted_at) return;
  if (!shopify) throw new Error('SHOPIFY_WRITE_BACK is on but Shopify is not configured');
  const details = post.details ?? {};
  try {
    const event = await shopify.createFulfillmentEvent({
      fulfillmentId: `gid://shopify/Fulfillment/${post.fulfillment_id}`,
      status: post.status,
      happenedAt: post.happened_at.toISOString(),
      ...Object.fromEntries(Object.entries(details).filter(([, v]) => v !== null && v !== undefined)),
    });
    await markFulfillmentEventPosted(db, postId, event.id, new Date());
  } catch (error) {
    await markFulfillmentEventFailed(db, postId, error instanceof Error ? error.message : String(error));
    logger.warn({ err: error, postId }, 'could not post the fulfillment event to Shopify');
    throw error;
  }
}
