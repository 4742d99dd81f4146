import HeraldCore

/// The SMS adapters (besides generic-sms), and the SMS providers still waiting for one.
public enum SMSAdapters {
    /// One adapter per SMS provider Herald sends through.
    public static func all(http: ProviderHTTPClient) -> [any ProviderAdapter] {
        [
            TwilioAdapter(http: http),
            PlivoAdapter(http: http),
            NexmoAdapter(http: http),
            TelnyxAdapter(http: http),
            SinchAdapter(http: http),
            MessageBirdAdapter(http: http),
            InfobipSMSAdapter(http: http),
            ClickSendAdapter(http: http),
            BrevoSMSAdapter(http: http),
            TermiiAdapter(http: http),
            SMS77Adapter(http: http),
            AfricasTalkingAdapter(http: http),
            FireTextAdapter(http: http),
            FortySixElksAdapter(http: http),
            ClickatellAdapter(http: http),
            BulkSMSAdapter(http: http),
            BurstSMSAdapter(http: http),
            CMTelecomAdapter(http: http),
            SimpleTextingAdapter(http: http),
            SendchampAdapter(http: http),
            SmsmodeAdapter(http: http),
            UnifonicAdapter(http: http),
            SNSAdapter(http: http),
            RingCentralAdapter(http: http),
            KannelAdapter(http: http),
            MobishastraAdapter(http: http),
            MaqsamAdapter(http: http),
            SMSCentralAdapter(http: http),
            ISendSMSAdapter(http: http),
            ISendProAdapter(http: http),
            AzureSMSAdapter(http: http),
            BandwidthAdapter(http: http),
            GupshupAdapter(http: http),
            AfroMessageAdapter(http: http),
            EazySMSAdapter(http: http),
            IMediaAdapter(http: http),
        ]
    }

    /// SMS providers without an adapter yet.
    public static let pending: Set<String> = []
}
