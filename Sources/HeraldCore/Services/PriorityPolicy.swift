/// The primary/priority rules for email and sms (reference §4), applied to one environment's channel.
///
/// Each function takes the channel's non-deleted integrations (including the one being changed, already
/// carrying its new field values) and rewrites `primary` and `priority` in place.
/// Herald's one deliberate difference from Novu: when the primary stops being usable (deactivated, deleted,
/// or given conditions), the highest-ranked active integration without conditions is promoted.
public enum PriorityPolicy {
    /// Places a newly created active integration (§4.1); one with conditions never becomes primary.
    public static func placeCreated(_ id: String, in list: inout [Integration]) {
        place(id, in: &list, mayBecomePrimary: true)
    }

    /// Places an integration that was just activated (§4.2): ranked like a new one, but never made primary.
    public static func placeActivated(_ id: String, in list: inout [Integration]) {
        place(id, in: &list, mayBecomePrimary: false)
    }

    /// Takes an integration out of the ranking (deactivated or moved away): priority 0, not primary;
    /// the others are ranked N…1 again and, if it was the primary, a successor is promoted.
    public static func withdraw(_ id: String, in list: inout [Integration]) {
        guard let index = list.firstIndex(where: { $0.id == id }) else { return }
        let wasPrimary = list[index].primary
        list[index].primary = false
        list[index].priority = 0
        rerank(&list, excluding: id)
        if wasPrimary { promoteSuccessor(in: &list, notCandidate: id, rankExcluding: id) }
    }

    /// Handles conditions added to an integration (§4.4): a primary with conditions loses the flag and a
    /// successor is promoted.
    public static func conditionsAdded(_ id: String, in list: inout [Integration]) {
        guard let index = list.firstIndex(where: { $0.id == id }), list[index].primary else { return }
        list[index].primary = false
        rerank(&list)
        promoteSuccessor(in: &list, notCandidate: id, rankExcluding: nil)
    }

    /// Makes an integration the primary (§4.3): activated, conditions cleared, ranked first.
    public static func setPrimary(_ id: String, in list: inout [Integration]) {
        for index in list.indices {
            if list[index].id == id {
                list[index].active = true
                list[index].primary = true
                list[index].conditions = []
            } else {
                list[index].primary = false
            }
        }
        rerank(&list, head: id)
    }

    /// Ranks the active integrations N…1 by current priority (then newest first), optionally with one at the head.
    public static func rerank(_ list: inout [Integration], head: String? = nil, excluding: String? = nil) {
        let order = list.indices
            .filter { list[$0].active && list[$0].id != excluding }
            .sorted { lhs, rhs in
                let (a, b) = (list[lhs], list[rhs])
                if (a.id == head) != (b.id == head) { return a.id == head }
                if a.priority != b.priority { return a.priority > b.priority }
                if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
                return a.id > b.id
            }
        for (rank, index) in order.enumerated() { list[index].priority = order.count - rank }
        for index in list.indices where !list[index].active { list[index].priority = 0 }
    }

    private static func place(_ id: String, in list: inout [Integration], mayBecomePrimary: Bool) {
        guard let index = list.firstIndex(where: { $0.id == id }) else { return }
        let highest = list.indices
            .filter { list[$0].active && list[$0].id != id }
            .max { list[$0].priority < list[$1].priority }
        let canBePrimary = mayBecomePrimary && !list[index].hasConditions
        if let highest, list[highest].primary {
            list[index].priority = list[highest].priority
            list[index].primary = false
            list[highest].priority += 1
        } else {
            list[index].priority = (highest.map { list[$0].priority } ?? 0) + 1
            list[index].primary = canBePrimary
            if canBePrimary {
                for other in list.indices where other != index { list[other].primary = false }
            }
        }
    }

    private static func promoteSuccessor(in list: inout [Integration], notCandidate: String, rankExcluding excluding: String?) {
        guard !list.contains(where: { $0.active && $0.primary && $0.id != notCandidate }) else { return }
        let candidate = list.indices
            .filter { list[$0].active && !list[$0].hasConditions && list[$0].id != notCandidate }
            .max { (list[$0].priority, list[$0].createdAt) < (list[$1].priority, list[$1].createdAt) }
        guard let candidate else { return }
        list[candidate].primary = true
        rerank(&list, head: list[candidate].id, excluding: excluding)
    }
}
