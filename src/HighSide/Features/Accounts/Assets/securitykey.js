// The WebAuthn ceremonies in the browser: options from the daemon, the security key answers, the answer goes back.
// Served by the daemon itself (no CDN: the high side has no internet). Binary fields travel as base64url.
(function () {
  "use strict";
  const toBytes = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const toText = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body ?? {}),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(json.detail || "refused (" + response.status + ")");
    }
    return json;
  };
  const show = (error) => {
    const element = document.getElementById("security-key-error");
    element.textContent = error.message;
    element.hidden = false;
  };

  const signIn = document.getElementById("security-key-signin");
  signIn?.addEventListener("click", async () => {
    try {
      const options = await post("/auth/security-key/options");
      options.challenge = toBytes(options.challenge);
      options.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) }));
      const credential = await navigator.credentials.get({ publicKey: options });
      await post("/auth/security-key", {
        response: {
          id: credential.id,
          rawId: toText(credential.rawId),
          type: credential.type,
          clientExtensionResults: credential.getClientExtensionResults(),
          response: {
            authenticatorData: toText(credential.response.authenticatorData),
            clientDataJSON: toText(credential.response.clientDataJSON),
            signature: toText(credential.response.signature),
            userHandle: credential.response.userHandle ? toText(credential.response.userHandle) : null,
          },
        },
      });
      window.location.assign("/");
    } catch (error) {
      show(error);
    }
  });

  const register = document.getElementById("security-key-register");
  register?.addEventListener("click", async () => {
    try {
      const options = await post("/auth/account/security-keys/options");
      options.challenge = toBytes(options.challenge);
      options.user.id = toBytes(options.user.id);
      options.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) }));
      const credential = await navigator.credentials.create({ publicKey: options });
      await post("/auth/account/security-keys", {
        id: credential.id,
        rawId: toText(credential.rawId),
        type: credential.type,
        clientExtensionResults: credential.getClientExtensionResults(),
        response: {
          attestationObject: toText(credential.response.attestationObject),
          clientDataJSON: toText(credential.response.clientDataJSON),
          transports: credential.response.getTransports ? credential.response.getTransports() : [],
        },
      });
      show(new Error("Security key registered."));
    } catch (error) {
      show(error);
    }
  });
})();
