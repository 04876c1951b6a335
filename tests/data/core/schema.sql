CREATE TABLE "_migrations" (
   "name" TEXT PRIMARY KEY,
   "applied_at" TEXT
)
CREATE TABLE "annotations" (
   "id" TEXT PRIMARY KEY,
   "document_id" TEXT NOT NULL REFERENCES "documents"("id"),
   "start" INTEGER NOT NULL,
   "end" INTEGER NOT NULL,
   "layer" TEXT NOT NULL,
   "label" TEXT NOT NULL,
   "attributes" TEXT,
   "author" TEXT,
   "origin" TEXT,
   "status" TEXT NOT NULL,
   "created_at" TEXT,
   "modified_at" TEXT
)
CREATE TABLE "batches" (
   "batch" TEXT PRIMARY KEY,
   "author" TEXT,
   "session" TEXT,
   "state" TEXT NOT NULL,
   "seq" INTEGER,
   "at" TEXT,
   "worker" TEXT
)
CREATE TABLE "documents" (
   "id" TEXT PRIMARY KEY,
   "title" TEXT,
   "source" TEXT,
   "published" TEXT,
   "url" TEXT,
   "language" TEXT,
   "text" TEXT NOT NULL,
   "raw" BLOB,
   "encoding" TEXT,
   "sha256" TEXT NOT NULL,
   "imported_at" TEXT,
   "meta" TEXT
)
CREATE TABLE "entities" (
   "id" TEXT PRIMARY KEY,
   "canonical_name" TEXT NOT NULL,
   "label" TEXT,
   "qid" TEXT,
   "aliases" TEXT,
   "note" TEXT,
   "attributes" TEXT,
   "author" TEXT,
   "origin" TEXT,
   "status" TEXT,
   "created_at" TEXT,
   "modified_at" TEXT
)
CREATE INDEX "idx_annotations_document_id_start"
    ON "annotations" ("document_id", "start")
CREATE INDEX "idx_annotations_layer_label"
    ON "annotations" ("layer", "label")
CREATE INDEX "idx_annotations_status"
    ON "annotations" ("status")
CREATE INDEX "idx_batches_author_state_seq"
    ON "batches" ("author", "state", "seq")
CREATE INDEX "idx_batches_state"
    ON "batches" ("state")
CREATE UNIQUE INDEX "idx_documents_sha256"
    ON "documents" ("sha256")
CREATE INDEX "idx_links_source_id"
    ON "links" ("source_id")
CREATE INDEX "idx_links_target_id"
    ON "links" ("target_id")
CREATE INDEX "idx_oplog_batch"
    ON "oplog" ("batch")
CREATE INDEX "idx_oplog_state_seq"
    ON "oplog" ("state", "seq")
CREATE TABLE "links" (
   "id" TEXT PRIMARY KEY,
   "layer" TEXT NOT NULL,
   "label" TEXT NOT NULL,
   "source_id" TEXT NOT NULL REFERENCES "annotations"("id"),
   "target_id" TEXT NOT NULL REFERENCES "annotations"("id"),
   "attributes" TEXT,
   "author" TEXT,
   "origin" TEXT,
   "status" TEXT NOT NULL,
   "created_at" TEXT,
   "modified_at" TEXT
)
CREATE TABLE "oplog" (
   "seq" INTEGER PRIMARY KEY,
   "batch" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "action" TEXT NOT NULL,
   "object_id" TEXT NOT NULL,
   "before" TEXT,
   "after" TEXT,
   "author" TEXT,
   "at" TEXT,
   "state" TEXT NOT NULL
)
CREATE TABLE "project" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
)
CREATE TABLE "sessions" (
   "id" TEXT PRIMARY KEY,
   "pid" INTEGER,
   "host" TEXT,
   "opened_at" TEXT,
   "closed_at" TEXT
)
CREATE TABLE "settings" (
   "scope" TEXT,
   "key" TEXT,
   "value" TEXT,
   PRIMARY KEY ("scope", "key")
)
