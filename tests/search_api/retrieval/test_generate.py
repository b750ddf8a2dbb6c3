"""Generative answers against a small local HTTP server that speaks the OpenAI chat API
(an external service, so this fake is the one the tests may use), through the real app."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from corpus.ingest import index_paths
from corpus.services import Services
from search_api.app import create_app
from search_api.retrieval.generate import DECLINE, build_messages, resolve_citations
from search_api.retrieval.search import Hit
from tests.conftest import make_settings
from tests.support.corpus import write_corpus


class ChatServer:
    """Answers every chat completion with the next canned reply and keeps the requests."""

    def __init__(self) -> None:
        self.replies: list[str] = []
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
                if not outer.replies:
                    self.send_response(500)
                    self.end_headers()
                    return
                payload = {"id": "x", "object": "chat.completion", "model": body["model"], "choices": [
                    {"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": outer.replies.pop(0)}}]}
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def chat():
    server = ChatServer()
    yield server
    server.close()


@pytest.fixture
def client(tmp_path, chat):
    settings = make_settings(tmp_path, generation={"enabled": True, "base_url": chat.url, "model": "lokal",
                                                   "api_key": "sk-test"})
    with Services.open(settings) as services:
        assert index_paths(services, [write_corpus(tmp_path / "docs")]).ok
    with TestClient(create_app(settings)) as test_client:
        yield test_client


QUESTION = "Hvornår går natteravnene i Faxe Ladeplads?"


def test_the_model_sees_only_the_passages_and_its_citations_are_resolved(client, chat):
    chat.replies.append("Natteravnene går fredag og lørdag [1], også i ferier [9]. Se også [1] og [2].")
    body = client.post("/v1/ask", json={"question": QUESTION}).json()
    request = chat.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "lokal" and request["body"]["temperature"] == 0
    user = request["body"]["messages"][1]["content"]
    assert user.startswith("Uddrag:") and "[1] Lokalgrupper i Faxe" in user and user.endswith(QUESTION)
    assert body["generated"] is True and body["answered"] is True
    assert body["answer"] == "Natteravnene går fredag og lørdag [1], også i ferier. Se også [1] og [2]."
    assert [c["n"] for c in body["citations"]] == [1, 2]
    first = body["citations"][0]
    assert first["kommune"] == "Faxe" and first["quote"] in first["text"]


def test_a_model_that_declines_makes_the_answer_a_refusal(client, chat):
    chat.replies.append(DECLINE)
    body = client.post("/v1/ask", json={"question": QUESTION}).json()
    assert (body["answered"], body["generated"], body["citations"]) == (False, True, [])


@pytest.mark.parametrize("reply", [None, "Et svar uden henvisninger."])
def test_an_unavailable_or_uncited_model_leaves_the_extractive_answer(client, chat, reply):
    if reply:
        chat.replies.append(reply)
    body = client.post("/v1/ask", json={"question": QUESTION}).json()
    assert body["generated"] is False and body["answered"] is True and "[1]" in body["answer"]


def test_weak_evidence_is_declined_before_the_model_is_asked(client, chat):
    body = client.post("/v1/ask", json={"question": "Hvad koster en ny svømmehal i Aarhus?"}).json()
    assert body["answered"] is False and chat.requests == []


def test_generation_is_off_by_default(tmp_path):
    assert make_settings(tmp_path).generation.enabled is False


def _hit(n: int) -> Hit:
    return Hit(rank=n, score=1.0, doc_id=f"d{n}", chunk_id=f"c{n}", text=f"tekst {n}", title=f"Titel {n}",
               kommune="Faxe", kind=None, date="2020-03-10", page=3, section="Punkt 2", highlights=(),
               source=f"d{n}.txt", url=None)


def test_citations_are_renumbered_by_first_appearance_and_strays_dropped():
    generated = resolve_citations("B [3] og A [1], C [0] [12]; igen [3].", [_hit(1), _hit(2), _hit(3)])
    assert generated.text == "B [1] og A [2], C; igen [1]."
    assert [h.chunk_id for h in generated.cited] == ["c3", "c1"]


def test_the_prompt_numbers_each_passage_with_its_citation_fields():
    user = build_messages("Hvem?", [_hit(1), _hit(2)])[1]["content"]
    assert "[1] Titel 1 · Faxe · 2020-03-10 · side 3 · Punkt 2\ntekst 1" in user
    assert "[2] Titel 2" in user
