// The message box widget (placement "messagebox"): puts a text or a rich message into the
// agent's message box; the agent reviews it and sends it to the customer.
"use strict";

(function () {
  const { byId, show, start } = window.widgetPage;

  // A rich message as LiveChat's chats carry it: a template ("cards" or "quick_replies") and
  // its elements. Each button has the text it shows; "url" buttons open their value, "message"
  // buttons send their value as the customer's reply.
  const CARDS = {
    template_id: "cards",
    elements: [
      {
        title: "Our plans",
        subtitle: "Pick the one that fits your team.",
        buttons: [
          { text: "See the plans", type: "url", value: "https://example.com/plans" },
          { text: "Talk to sales", type: "message", value: "I'd like to talk to sales", postback_id: "talk-to-sales", user_ids: [] },
        ],
      },
    ],
  };
  const QUICK_REPLIES = {
    template_id: "quick_replies",
    elements: [
      {
        title: "Did this answer your question?",
        buttons: [
          { text: "Yes, thanks", type: "message", value: "Yes, thanks", postback_id: "answered-yes", user_ids: [] },
          { text: "Not yet", type: "message", value: "Not yet", postback_id: "answered-no", user_ids: [] },
        ],
      },
    ],
  };

  start("createMessageBoxWidget", (widget) => {
    byId("put-text").addEventListener("click", () => {
      widget.putMessage("Thanks for reaching out! Here is what I found.");
    });
    byId("put-cards").addEventListener("click", () => widget.putMessage(CARDS));
    byId("put-quick-replies").addEventListener("click", () => widget.putMessage(QUICK_REPLIES));
    show("actions", true);
  });
})();
