import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appending to an HDS's audit chain in one statement: audit_append takes the chain's lock, reads
 * the head under it and links the new records there, computing each hash exactly as chainHash
 * does (sha256 over the predecessor's hash, a newline and the record's canonical JSON, RFC 8785).
 * The caller sends each record's canonical JSON up to its last key, "seq" (keys sort, and "seq"
 * sorts last): only the sequence number and the predecessor's hash are known under the lock.
 * So nothing is read before the lock, nothing guessed, and the lock is held only from this
 * statement to the commit.
 */
export class AuditAppend1795440000000 implements MigrationInterface {
  name = 'AuditAppend1795440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_append(p_hds uuid, p_actor uuid, p_request text, p_at timestamptz, p_entries jsonb)
      RETURNS TABLE (id bigint, seq integer, prev_hash text, hash text) LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_seq integer;
        v_hash text;
        v_next text;
        v_id bigint;
        e jsonb;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_hds::text, 7));
        -- A statement of its own after the lock: in READ COMMITTED it sees the last holder's commit.
        SELECT r.seq, r.hash INTO v_seq, v_hash FROM audit_records r WHERE r.hds_id = p_hds ORDER BY r.seq DESC LIMIT 1;
        v_seq := coalesce(v_seq, 0);
        v_hash := coalesce(v_hash, repeat('0', 64));
        FOR e IN SELECT x.value FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x(value, n) ORDER BY x.n LOOP
          v_seq := v_seq + 1;
          v_next := encode(sha256(convert_to(v_hash || E'\\n' || (e->>'canonicalHead') || '"seq":' || v_seq::text || '}', 'UTF8')), 'hex');
          INSERT INTO audit_records (hds_id, seq, actor_user_id, action, entity_type, entity_id, before, after, reason, request_id, at, prev_hash, hash)
          VALUES (p_hds, v_seq, p_actor, e->>'action', e->>'entityType', e->>'entityId', e->'before', e->'after', e->>'reason', p_request, p_at, v_hash, v_next)
          RETURNING audit_records.id INTO v_id;
          id := v_id; seq := v_seq; prev_hash := v_hash; hash := v_next;
          RETURN NEXT;
          v_hash := v_next;
        END LOOP;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION audit_append(uuid, uuid, text, timestamptz, jsonb)');
  }
}
