import HeraldCore

/// The SMS providers whose delivery-status webhooks Herald verifies and reads.
enum SMSWebhooks {
    static let all: [any ProviderWebhookParser] = [
        TwilioWebhook(), PlivoWebhook(), TelnyxWebhook(), NexmoWebhook(), TermiiWebhook(), RingCentralWebhook(),
        IMediaWebhook(), BandwidthWebhook(), FortySixElksWebhook(), SinchWebhook(), InfobipSMSWebhook(),
    ]
}
