-- The ledger's entries also write their outbox events (points pending, points available) in the
-- same statement: the function of 0002 with the `events` of the entry document at the end.
CREATE OR REPLACE FUNCTION pontua_record_entry(p jsonb) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  v_tenant text := p->>'tenantId';
  v_member text := p->>'memberId';
  v_tx text := p->>'transactionId';
  v_at timestamptz := (p->>'createdAt')::timestamptz;
  v_count integer;
BEGIN
  INSERT INTO ledger_transactions
    (tenant_id, id, member_id, kind, reference, points, idempotency_key, input_hash, metadata, created_at)
  SELECT v_tenant, v_tx, v_member, p->>'kind', p->>'reference', (p->>'points')::bigint,
         p->>'idempotencyKey', p->>'inputHash', p->'metadata', v_at
  WHERE EXISTS (SELECT 1 FROM member_balances WHERE tenant_id = v_tenant AND member_id = v_member)
  ON CONFLICT (tenant_id, idempotency_key) DO NOTHING;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  IF v_count = 0 THEN
    RETURN false;
  END IF;

  INSERT INTO ledger_postings (tenant_id, transaction_id, line, account, amount)
  SELECT v_tenant, v_tx, (x.n - 1)::smallint, x.value->>'account', (x.value->>'amount')::bigint
    FROM jsonb_array_elements(p->'postings') WITH ORDINALITY AS x(value, n);

  IF p ? 'member' THEN
    UPDATE member_balances SET
      pending = pending + (p->'member'->>'pending')::bigint,
      available = available + (p->'member'->>'available')::bigint,
      held = held + (p->'member'->>'held')::bigint,
      lifetime_earned = lifetime_earned + (p->'member'->>'lifetimeEarned')::bigint
    WHERE tenant_id = v_tenant AND member_id = v_member;
  END IF;

  INSERT INTO tenant_account_balances (tenant_id, account, slot, balance)
  SELECT v_tenant, t.key, (p->>'slot')::smallint, (t.value #>> '{}')::bigint FROM jsonb_each(p->'tenant') AS t
  ON CONFLICT (tenant_id, account, slot) DO UPDATE SET balance = tenant_account_balances.balance + excluded.balance;

  IF p ? 'newLot' THEN
    INSERT INTO earn_lots (tenant_id, id, member_id, transaction_id, earning_id, amount, remaining, expires_at, created_at)
    VALUES (v_tenant, p->'newLot'->>'id', v_member, v_tx, p->'newLot'->>'earningId', (p->'newLot'->>'amount')::bigint,
            (p->'newLot'->>'amount')::bigint, (p->'newLot'->>'expiresAt')::timestamptz, v_at);
  END IF;

  UPDATE earn_lots l SET remaining = l.remaining + (c.value->>'delta')::bigint
    FROM jsonb_array_elements(p->'lotChanges') AS c(value)
    WHERE l.tenant_id = v_tenant AND l.id = c.value->>'lotId';

  IF p ? 'earningInsert' THEN
    INSERT INTO earnings (tenant_id, id, member_id, reference, points, due_at, status, created_at, updated_at)
    VALUES (v_tenant, p->'earningInsert'->>'id', v_member, p->'earningInsert'->>'reference',
            (p->'earningInsert'->>'points')::bigint, (p->'earningInsert'->>'dueAt')::timestamptz,
            p->'earningInsert'->>'status', v_at, v_at);
  ELSIF p ? 'earningUpdate' THEN
    UPDATE earnings SET
      status = p->'earningUpdate'->>'status',
      matured_points = (p->'earningUpdate'->>'maturedPoints')::bigint,
      reversed_points = (p->'earningUpdate'->>'reversedPoints')::bigint,
      shortfall_points = (p->'earningUpdate'->>'shortfallPoints')::bigint,
      lot_id = p->'earningUpdate'->>'lotId',
      updated_at = v_at
    WHERE tenant_id = v_tenant AND id = p->'earningUpdate'->>'id';
  END IF;

  IF p ? 'holdInsert' THEN
    INSERT INTO holds (tenant_id, id, member_id, points, status, allocations, created_at, updated_at)
    VALUES (v_tenant, p->'holdInsert'->>'id', v_member, (p->'holdInsert'->>'points')::bigint,
            p->'holdInsert'->>'status', p->'holdInsert'->'allocations', v_at, v_at);
  ELSIF p ? 'holdUpdate' THEN
    UPDATE holds SET status = p->'holdUpdate'->>'status', updated_at = v_at
    WHERE tenant_id = v_tenant AND id = p->'holdUpdate'->>'id';
  END IF;

  -- What the e-mails (and later consumers) hear of the entry, in its transaction: once per event.
  IF p ? 'events' THEN
    INSERT INTO outbox_events (tenant_id, id, type, dedupe_key, member_id, payload, created_at)
    SELECT v_tenant, e->>'id', e->>'type', e->>'dedupeKey', v_member, e->'payload', v_at
    FROM jsonb_array_elements(p->'events') AS e
    ON CONFLICT DO NOTHING;
  END IF;

  RETURN true;
END;
$$;
