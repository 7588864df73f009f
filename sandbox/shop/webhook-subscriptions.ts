// The shop's webhook subscriptions. Each belongs to the app that made it: a client id, or 'legacy' for
// the static access token. Shopify shows an app only its own, and so does the sandbox's API; the test
// methods see them all.

export type WebhookFormat = 'JSON' | 'XML';

export interface SandboxWebhookSubscription {
  id: string;
  app: string;
  // The GraphQL enum value, e.g. FULFILLMENTS_UPDATE.
  topic: string;
  uri: string;
  format: WebhookFormat;
  name: string | null;
  filter: string | null;
  includeFields: string[];
  metafieldNamespaces: string[];
  createdAt: string;
  updatedAt: string;
}

export type SubscriptionDraft = Pick<SandboxWebhookSubscription, 'app' | 'topic' | 'uri'> &
  Partial<Pick<SandboxWebhookSubscription, 'format' | 'name' | 'filter' | 'includeFields' | 'metafieldNamespaces'>>;

// 'fulfillments/update' (the X-Shopify-Topic form) and 'FULFILLMENTS_UPDATE' (the enum) name one topic.
export function topicEnum(topic: string): string {
  return topic.replaceAll('/', '_').toUpperCase();
}

export class WebhookSubscriptions {
  readonly #items = new Map<string, SandboxWebhookSubscription>();
  readonly #newId: () => string;

  constructor(newId: () => string) {
    this.#newId = newId;
  }

  all(): SandboxWebhookSubscription[] {
    return [...this.#items.values()];
  }

  // One app's subscription by id; another app's is as unknown as a missing one.
  get(id: string, app: string): SandboxWebhookSubscription | undefined {
    const found = this.#items.get(id);
    return found?.app === app ? found : undefined;
  }

  find(app: string, topic: string, uri?: string): SandboxWebhookSubscription[] {
    return this.all().filter((item) => item.app === app && item.topic === topicEnum(topic) && (uri === undefined || item.uri === uri));
  }

  add(draft: SubscriptionDraft, at: string): SandboxWebhookSubscription {
    const subscription: SandboxWebhookSubscription = {
      id: this.#newId(),
      format: 'JSON',
      name: null,
      filter: null,
      includeFields: [],
      metafieldNamespaces: [],
      ...draft,
      topic: topicEnum(draft.topic),
      createdAt: at,
      updatedAt: at,
    };
    this.#items.set(subscription.id, subscription);
    return subscription;
  }

  update(id: string, changes: Partial<SubscriptionDraft>, at: string): SandboxWebhookSubscription {
    const subscription = this.#items.get(id);
    if (!subscription) throw new Error(`The sandbox shop has no webhook subscription ${id}.`);
    Object.assign(subscription, changes, { updatedAt: at });
    return subscription;
  }

  delete(id: string): boolean {
    return this.#items.delete(id);
  }
}
