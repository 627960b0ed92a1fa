<?php
/**
 * Plugin Name: contentqa pre-publish check
 * Description: Asks a `contentqa serve` service to check a post before it is published, and refuses
 *              to publish while it fails the gate (errors by default). Drafts save as usual.
 *
 * Install: copy this file to wp-content/mu-plugins/, and in wp-config.php:
 *     define( 'CONTENTQA_URL', 'http://127.0.0.1:8750' );   // where `contentqa serve` listens
 *     define( 'CONTENTQA_TOKEN', '...' );                    // the service's CONTENTQA_SERVE_TOKEN
 *     define( 'CONTENTQA_FAIL_CLOSED', false );              // true: refuse to publish when the service is down
 *
 * The block editor saves through the REST API, so the check hooks `rest_pre_insert_post`: returning
 * a WP_Error there stops the save and the editor shows its message. The classic editor and
 * wp_insert_post() go through `wp_insert_post_data`, where the post is put back to draft instead.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Checks one post. Returns null when it may be published, or the message that says why not.
 */
function contentqa_check_post( $title, $content, $slug, $post_id ) {
	if ( ! defined( 'CONTENTQA_URL' ) || ! defined( 'CONTENTQA_TOKEN' ) ) {
		return null;
	}
	// The post's images from the media library: the service checks image paths only against these.
	// Images written as full URLs (https://...), as the block editor writes them, are not checked
	// for existence; relative and root-relative ones (/wp-content/uploads/...) are.
	$images = array();
	if ( $post_id ) {
		foreach ( get_attached_media( 'image', $post_id ) as $attachment ) {
			$path = wp_parse_url( wp_get_attachment_url( $attachment->ID ), PHP_URL_PATH );
			if ( $path ) {
				$images[] = $path;
			}
		}
	}
	$body = array(
		'content'  => $content,
		'format'   => 'html',
		'path'     => ( $slug ? $slug : 'draft' ) . '.html',
		'metadata' => array( 'title' => (string) $title ),
	);
	if ( $images ) {
		$body['images'] = $images;
	}
	$response = wp_remote_post(
		rtrim( CONTENTQA_URL, '/' ) . '/check',
		array(
			'timeout' => 30,
			'headers' => array(
				'Authorization' => 'Bearer ' . CONTENTQA_TOKEN,
				'Content-Type'  => 'application/json',
			),
			'body'    => wp_json_encode( $body ),
		)
	);
	if ( is_wp_error( $response ) || 200 !== wp_remote_retrieve_response_code( $response ) ) {
		$why = is_wp_error( $response ) ? $response->get_error_message() : wp_remote_retrieve_body( $response );
		error_log( 'contentqa: check failed: ' . $why );
		$closed = defined( 'CONTENTQA_FAIL_CLOSED' ) && CONTENTQA_FAIL_CLOSED;
		return $closed ? 'The content check is unavailable; try again shortly.' : null;
	}
	$report = json_decode( wp_remote_retrieve_body( $response ), true );
	if ( ! empty( $report['gate']['passed'] ) ) {
		return null;
	}
	$lines = array();
	foreach ( $report['files'][0]['findings'] as $finding ) {
		if ( 'error' === $finding['severity'] ) {
			$lines[] = sprintf( '%s (line %d): %s', $finding['rule'], $finding['line'], $finding['message'] );
		}
	}
	return 'Not published: contentqa found ' . count( $lines ) . " problem(s).\n" . implode( "\n", array_slice( $lines, 0, 10 ) );
}

// The block editor (REST API).
add_filter(
	'rest_pre_insert_post',
	function ( $prepared_post, $request ) {
		$status = isset( $prepared_post->post_status ) ? $prepared_post->post_status : get_post_status( $request['id'] );
		if ( ! in_array( $status, array( 'publish', 'future' ), true ) ) {
			return $prepared_post;
		}
		$post_id = isset( $prepared_post->ID ) ? $prepared_post->ID : 0;
		$current = $post_id ? get_post( $post_id ) : null;
		$title   = isset( $prepared_post->post_title ) ? $prepared_post->post_title : ( $current ? $current->post_title : '' );
		$content = isset( $prepared_post->post_content ) ? $prepared_post->post_content : ( $current ? $current->post_content : '' );
		$slug    = isset( $prepared_post->post_name ) ? $prepared_post->post_name : ( $current ? $current->post_name : '' );
		$problem = contentqa_check_post( $title, $content, $slug, $post_id );
		return null === $problem ? $prepared_post : new WP_Error( 'contentqa_failed', $problem, array( 'status' => 422 ) );
	},
	10,
	2
);

// The classic editor and wp_insert_post(): publishing is turned back into a draft.
add_filter(
	'wp_insert_post_data',
	function ( $data, $postarr ) {
		if ( defined( 'REST_REQUEST' ) && REST_REQUEST ) {
			return $data; // checked above
		}
		if ( 'post' !== $data['post_type'] || ! in_array( $data['post_status'], array( 'publish', 'future' ), true ) ) {
			return $data;
		}
		$problem = contentqa_check_post( $data['post_title'], wp_unslash( $data['post_content'] ), $data['post_name'],
			isset( $postarr['ID'] ) ? $postarr['ID'] : 0 );
		if ( null !== $problem ) {
			$data['post_status'] = 'draft';
			set_transient( 'contentqa_notice_' . get_current_user_id(), $problem, 60 );
		}
		return $data;
	},
	10,
	2
);

add_action(
	'admin_notices',
	function () {
		$key     = 'contentqa_notice_' . get_current_user_id();
		$problem = get_transient( $key );
		if ( $problem ) {
			delete_transient( $key );
			printf( '<div class="notice notice-error"><p>%s</p></div>', nl2br( esc_html( $problem ) ) );
		}
	}
);
