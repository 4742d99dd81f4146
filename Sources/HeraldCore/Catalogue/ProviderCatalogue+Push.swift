extension ProviderCatalogue {
    /// The 8 push providers of Novu's catalogue, in catalogue order.
    static let push: [ProviderDescriptor] = [
        ProviderDescriptor(id: "fcm", displayName: "Firebase Cloud Messaging", channel: .push, credentials: [
            .init("serviceAccount", required: true, secret: true, kind: .textarea),
        ], beta: false),
        ProviderDescriptor(id: "apns", displayName: "APNs", channel: .push, credentials: [
            .init("secretKey", required: true, secret: true, kind: .textarea),
            .init("apiKey", required: true, secret: true),
            .init("projectName", required: true),
            .init("applicationId", required: true),
            .init("secure", kind: .switch),
        ], beta: true),
        ProviderDescriptor(id: "expo", displayName: "Expo Push", channel: .push, credentials: [
            .init("apiKey", required: true, secret: true),
        ], beta: false),
        ProviderDescriptor(id: "one-signal", displayName: "OneSignal", channel: .push, credentials: [
            .init("applicationId", required: true),
            .init("apiKey", required: true, secret: true),
            .init("apiVersion", kind: .dropdown),
        ], beta: false),
        ProviderDescriptor(id: "pushpad", displayName: "Pushpad", channel: .push, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("applicationId", required: true),
        ], beta: false),
        ProviderDescriptor(id: "push-webhook", displayName: "Push Webhook", channel: .push, credentials: [
            .init("webhookUrl", required: true, secret: true),
            .init("secretKey", required: true, secret: true),
        ], beta: true),
        ProviderDescriptor(id: "pusher-beams", displayName: "Pusher Beams", channel: .push, credentials: [
            .init("instanceId", required: true),
            .init("secretKey", required: true, secret: true),
        ], beta: false),
        ProviderDescriptor(id: "appio", displayName: "AppIO", channel: .push, credentials: [
            .init("appIOBaseUrl", required: true),
        ], beta: false),
    ]
}
