// candor: the live view and the sandbox. Events arrive as Server-Sent
// Events from /live/events; every text is put on the page as text, never as HTML.
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function hhmmss(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "" : d.toTimeString().slice(0, 8);
  }

  var outcomes = {
    opted_out: "The callee opted out: the agent ended the call.",
    completed: "Survey completed.", refused: "The callee declined.", hung_up: "The callee hung up.",
    callback: "The callee asked for a callback.", incomplete: "Ended by a limit.", failed: "The call failed."
  };

  // entry renders one event as a transcript line (null for start/end).
  function entry(ev) {
    if (ev.kind === "start" || ev.kind === "end") { return null; }
    var li = el("li", ev.kind === "guard" ? "event" : ev.kind);
    li.dataset.kind = ev.kind;
    li.appendChild(el("span", "t", hhmmss(ev.at)));
    if (ev.kind === "guard") {
      li.classList.add("guard");
      if (ev.label === "Blocked sentence") { li.classList.add("e-blocked"); }
      if (ev.label === "Opt-out recorded") { li.classList.add("e-optout"); }
      li.appendChild(el("strong", "text", ev.label + (ev.category ? " (" + ev.category.replace(/_/g, " ") + ")" : "")));
      if (ev.text) { li.appendChild(el("small", "blocked-text", ev.text)); }
      if (ev.replacement) { li.appendChild(el("small", "fallback", "said instead: " + ev.replacement)); }
    } else {
      var who = el("span", "who", ev.kind);
      li.appendChild(who);
      li.appendChild(el("span", "text", ev.text));
    }
    return li;
  }

  function stream(url, onEvent, status) {
    var es = new EventSource(url);
    es.addEventListener("open", function () { if (status) { status("live"); } });
    es.addEventListener("error", function () { if (status) { status("reconnecting…"); } });
    es.addEventListener("live", function (m) {
      var ev;
      try { ev = JSON.parse(m.data); } catch (e) { return; }
      onEvent(ev, es);
    });
    return es;
  }

  // The live view: one box per call.
  var calls = document.getElementById("live-calls");
  if (calls) {
    var st = document.getElementById("live-status"), empty = document.getElementById("live-empty");
    var boxes = {};
    stream(calls.dataset.stream, function (ev) {
      var box = boxes[ev.call_id];
      if (!box) {
        box = el("section", "live-call");
        box.id = "call-" + ev.call_id;
        var h = el("h2");
        var a = el("a", null, ev.call_id);
        a.href = "/calls/" + ev.call_id;
        h.appendChild(a);
        h.appendChild(document.createTextNode(" · " + (ev.campaign || "")));
        if (ev.sandbox) { h.appendChild(document.createTextNode(" ")); h.appendChild(el("span", "tag", "sandbox")); }
        box.appendChild(h);
        box.appendChild(el("ol", "transcript live"));
        calls.insertBefore(box, calls.firstChild);
        boxes[ev.call_id] = box;
        if (empty) { empty.hidden = true; }
      }
      if (ev.kind === "end") {
        box.classList.add("ended");
        box.appendChild(el("p", "outcome", "ended: " + (ev.outcome || "").replace(/_/g, " ")));
        return;
      }
      var li = entry(ev);
      if (li) { box.querySelector("ol").appendChild(li); }
    }, function (s) { if (st) { st.textContent = s; } });
  }

  // The sandbox call page.
  var sb = document.getElementById("sandbox");
  if (!sb) { return; }
  var id = sb.dataset.call, csrf = sb.dataset.csrf;
  var list = document.getElementById("live-transcript");
  var state = document.getElementById("call-state");
  var outcome = document.getElementById("outcome");
  var pc = null, ended = false;

  function post(path, fields) {
    var body = new URLSearchParams(fields || {});
    body.set("csrf", csrf);
    return fetch(path, { method: "POST", body: body, credentials: "same-origin" });
  }

  function finish(ev) {
    ended = true;
    sb.dataset.outcome = ev.outcome || "";
    outcome.hidden = false;
    outcome.textContent = outcomes[ev.outcome] || ("Call ended: " + (ev.outcome || "").replace(/_/g, " "));
    state.textContent = "Call ended. Its record: ";
    var a = el("a", null, "/calls/" + id);
    a.href = "/calls/" + id;
    state.appendChild(a);
    if (pc) { pc.getSenders().forEach(function (s) { if (s.track) { s.track.stop(); } }); pc.close(); pc = null; }
    // The controls follow the call: nothing to say or hang up any more.
    ["say", "hangup", "talk", "idle-note"].forEach(function (cid) {
      var c = document.getElementById(cid);
      if (c) { c.hidden = true; }
    });
  }

  function follow() {
    stream("/live/events?call=" + encodeURIComponent(id), function (ev, es) {
      if (ev.kind === "end") { finish(ev); es.close(); return; }
      if (ev.kind === "start") { if (!sb.dataset.voice) { state.textContent = "You are the callee: type what you would say."; } return; }
      var li = entry(ev);
      if (li) { list.appendChild(li); li.scrollIntoView({ block: "nearest" }); }
    });
  }

  if (sb.dataset.ended) { return; }
  var say = document.getElementById("say");
  if (say) {
    follow();
    say.addEventListener("submit", function (e) {
      e.preventDefault();
      var input = document.getElementById("say-text");
      var text = input.value.trim();
      if (!text || ended) { return; }
      input.value = "";
      post("/sandbox/" + id + "/say", { text: text }).then(function (r) {
        if (!r.ok) { r.text().then(function (t) { state.textContent = "Not sent: " + r.status; }); }
      });
    });
  }

  document.getElementById("hangup").addEventListener("submit", function (e) {
    e.preventDefault();
    post("/sandbox/" + id + "/hangup");
  });

  var talk = document.getElementById("talk");
  if (!talk) { return; }
  talk.addEventListener("click", function () {
    talk.disabled = true;
    state.textContent = "Getting the microphone…";
    var constraints = { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false }, video: false };
    navigator.mediaDevices.getUserMedia(constraints).then(function (mic) {
      pc = new RTCPeerConnection({ iceServers: [] });
      mic.getTracks().forEach(function (t) { pc.addTrack(t, mic); });
      pc.addEventListener("track", function (e) {
        var audio = document.getElementById("remote");
        audio.srcObject = e.streams[0] || new MediaStream([e.track]);
        audio.play().catch(function () {});
      });
      pc.addEventListener("connectionstatechange", function () {
        sb.dataset.pc = pc ? pc.connectionState : "closed";
        if (!ended && pc) { state.textContent = "Connection: " + pc.connectionState; }
      });
      // PCMU only: the server registers nothing else.
      pc.getTransceivers().forEach(function (tr) {
        if (!tr.setCodecPreferences || !window.RTCRtpReceiver.getCapabilities) { return; }
        var caps = RTCRtpReceiver.getCapabilities("audio").codecs.filter(function (c) { return c.mimeType.toLowerCase() === "audio/pcmu"; });
        if (caps.length) { tr.setCodecPreferences(caps); }
      });
      return pc.createOffer();
    }).then(function (offer) {
      return pc.setLocalDescription(offer);
    }).then(function () {
      // Non-trickle: send the offer once every candidate is in it.
      return new Promise(function (resolve) {
        if (pc.iceGatheringState === "complete") { resolve(); return; }
        pc.addEventListener("icegatheringstatechange", function () { if (pc.iceGatheringState === "complete") { resolve(); } });
      });
    }).then(function () {
      follow();
      state.textContent = "Connecting…";
      return post("/sandbox/" + id + "/offer", { sdp: pc.localDescription.sdp });
    }).then(function (r) {
      if (!r.ok) { return r.text().then(function () { throw new Error("the server refused the offer (" + r.status + ")"); }); }
      return r.text();
    }).then(function (sdp) {
      return pc.setRemoteDescription({ type: "answer", sdp: sdp });
    }).then(function () {
      state.textContent = "Connected: listen to the agent and answer.";
      sb.dataset.answered = "1";
    }).catch(function (err) {
      state.textContent = "Could not start the call: " + err.message;
      talk.disabled = false;
    });
  });
}());
